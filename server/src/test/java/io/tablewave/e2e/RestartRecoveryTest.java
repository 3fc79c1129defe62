package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.testing.DuckDbFiles;
import io.tablewave.testing.ServerProcess;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry and the tables survive a clean restart and a kill -9 in the middle of a load. */
class RestartRecoveryTest {
  private static final String SEED =
      "CREATE TABLE %s AS SELECT a.x * 100 + b.x * 10 + c.x AS x FROM %s_d a," + " %s_d b, %s_d c";
  private static final String DIGITS =
      "CREATE TABLE %s_d AS SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5),"
          + " (6), (7), (8), (9)) AS t(x)";

  @Test
  void tablesAndRegistrySurviveACleanRestart() throws Exception {
    try (TestServer server = TestServer.start(TestStore.DUCKDB)) {
      try (Connection connection = server.connect()) {
        executeBatch(
            connection,
            DIGITS.formatted("kept"),
            SEED.formatted("kept", "kept", "kept", "kept"),
            "CREATE TABLE kept_sum WITH ('owner' = 'ops') AS SELECT SUM(x) AS s FROM kept");
      }
      server.restart();
      try (Connection connection = server.connect()) {
        assertThat(scalarLong(connection, "SELECT s FROM kept_sum")).isEqualTo(499_500);
        assertThat(
                rows(
                    connection,
                    "SELECT TABLE_NAME, STATUS, ROW_COUNT, PROPERTIES FROM SYS.TABLES"
                        + " WHERE TABLE_NAME = 'KEPT_SUM'"))
            .containsExactly(List.of("KEPT_SUM", "ACTIVE", 1L, "{\"owner\":\"ops\"}"));
        assertThat(
                rows(
                    connection,
                    "SELECT DEPENDS_ON FROM SYS.DEPENDENCIES WHERE TABLE_NAME = 'KEPT_SUM'"))
            .containsExactly(List.of("KEPT"));
        assertThat(rows(connection, "SELECT STATUS, TABLE_COUNT FROM SYS.BATCHES"))
            .containsExactly(List.of("SUCCEEDED", 3));
      }
    }
  }

  @Test
  void aKilledServerComesBackWithNothingLoadingAndTheInterruptedBatchFailed(@TempDir Path dataDir)
      throws Exception {
    List<String> options = List.of("--workers", "2", "--store-memory", "512MB");
    long interruptedBatch;
    try (ServerProcess server = ServerProcess.start(List.of("-Xmx512m"), dataDir, options)) {
      try (Connection connection = DriverManager.getConnection(server.url())) {
        executeBatch(
            connection, DIGITS.formatted("base"), SEED.formatted("base", "base", "base", "base"));
        execute(connection, "CREATE TABLE survivor AS SELECT x FROM base WHERE x < 10");
        CompletableFuture<SQLException> load =
            CompletableFuture.supplyAsync(
                () -> {
                  try (Connection loader = DriverManager.getConnection(server.url())) {
                    executeBatch(
                        loader,
                        "CREATE TABLE doomed AS SELECT a.x * 1000000 + b.x * 1000 + c.x AS v FROM base a, base b, base c",
                        "CREATE OR REPLACE TABLE survivor AS SELECT a.x FROM base a, base b, base c",
                        "CREATE TABLE doomed_next AS SELECT COUNT(*) AS n FROM doomed");
                    return null;
                  } catch (SQLException e) {
                    return e;
                  }
                });
        interruptedBatch = awaitLoading(connection);
        server.kill();
        assertThat((Throwable) load.join())
            .as("the client of the killed server gets an SQLException")
            .isNotNull();
      }
    }
    try (ServerProcess server = ServerProcess.start(List.of("-Xmx512m"), dataDir, options);
        Connection connection = DriverManager.getConnection(server.url())) {
      assertThat(rows(connection, "SELECT TABLE_NAME FROM SYS.TABLES WHERE STATUS <> 'ACTIVE'"))
          .isEmpty();
      assertThat(rows(connection, "SELECT TABLE_NAME FROM SYS.TABLES ORDER BY 1"))
          .containsExactly(List.of("BASE"), List.of("BASE_D"), List.of("SURVIVOR"));
      assertThat(scalarLong(connection, "SELECT COUNT(*) FROM survivor")).isEqualTo(10);
      assertThat(scalarLong(connection, "SELECT COUNT(*) FROM base")).isEqualTo(1000);
      List<List<Object>> batch =
          rows(
              connection,
              "SELECT STATUS, ERROR_MESSAGE FROM SYS.BATCHES WHERE BATCH_ID = " + interruptedBatch);
      assertThat(batch.get(0).get(0)).isEqualTo("FAILED");
      assertThat((String) batch.get(0).get(1)).contains("interrupted by server restart");
      assertThat(
              rows(
                  connection,
                  "SELECT STATUS FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                      + interruptedBatch
                      + " AND STATUS IN ('PENDING', 'LOADING')"))
          .isEmpty();
    }
    assertThat(DuckDbFiles.storeTables(dataDir))
        .as("physical tables left in the store")
        .hasSize(3)
        .allMatch(
            name ->
                name.startsWith("BASE__tw")
                    || name.startsWith("BASE_D__tw")
                    || name.startsWith("SURVIVOR__tw"));
  }

  private static long awaitLoading(Connection connection) throws Exception {
    for (int i = 0; i < 1000; i++) {
      List<List<Object>> loading =
          rows(
              connection,
              "SELECT BATCH_ID FROM SYS.BATCH_TABLES WHERE TABLE_NAME = 'DOOMED' AND STATUS = 'LOADING'");
      if (!loading.isEmpty()) {
        Thread.sleep(200);
        return ((Number) loading.get(0).get(0)).longValue();
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the load never started");
  }
}
