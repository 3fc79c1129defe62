package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.PostgresTestCluster;
import io.tablewave.testing.ServerProcess;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import io.tablewave.testing.TrinoCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * With Trino as the store the registry lives in its own DuckDB file under the data directory; it
 * survives a clean restart and a kill -9, and the start-up repair works across the two.
 */
class TrinoRestartTest {
  @RegisterExtension static final TrinoCluster TRINO = new TrinoCluster();

  @Test
  void tablesAndTheSeparateRegistrySurviveARestartAndOrphansAreDropped() throws Exception {
    try (TestServer server = TestServer.start(TestStore.TRINO, TRINO.serverOptions())) {
      try (Connection connection = server.connect()) {
        executeBatch(
            connection,
            "CREATE TABLE kept_d AS SELECT * FROM (VALUES (1), (2), (3)) AS t(x)",
            "CREATE TABLE kept_sum WITH ('owner' = 'ops') AS SELECT SUM(x) AS s FROM kept_d");
      }
      assertThat(server.dataDir().resolve("registry.duckdb")).exists();
      try (Connection trino = TRINO.connect()) {
        execute(trino, "CREATE TABLE left_over__tw999 AS SELECT 1 AS x");
      }
      server.restart();
      try (Connection connection = server.connect()) {
        assertThat(scalarLong(connection, "SELECT s FROM kept_sum")).isEqualTo(6);
        assertThat(
                rows(
                    connection,
                    "SELECT TABLE_NAME, STATUS, ROW_COUNT, PROPERTIES FROM SYS.TABLES"
                        + " WHERE TABLE_NAME LIKE 'KEPT%' ORDER BY 1"))
            .containsExactly(
                List.of("KEPT_D", "ACTIVE", 3L, "{}"),
                List.of("KEPT_SUM", "ACTIVE", 1L, "{\"owner\":\"ops\"}"));
        assertThat(
                rows(
                    connection,
                    "SELECT DEPENDS_ON FROM SYS.DEPENDENCIES WHERE TABLE_NAME = 'KEPT_SUM'"))
            .containsExactly(List.of("KEPT_D"));
      }
      try (Connection trino = TRINO.connect()) {
        assertThat(
                rows(
                    trino,
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = '"
                        + TrinoCluster.SCHEMA
                        + "' AND table_name LIKE 'left_over%'"))
            .as("a table left by an interrupted load is dropped at start")
            .isEmpty();
      }
    }
  }

  @Test
  void theRegistryCanLiveInAPostgresqlDatabaseTheUserNames() throws Exception {
    try (PostgresTestCluster postgres = new PostgresTestCluster()) {
      PostgresTestCluster.Endpoint endpoint = postgres.start();
      Map<ServerOption, String> options = new EnumMap<>(ServerOption.class);
      options.putAll(TRINO.serverOptions());
      options.put(
          ServerOption.REGISTRY_URL,
          endpoint.jdbcUrl() + "?user=" + endpoint.user() + "&password=" + endpoint.password());
      try (TestServer server = TestServer.start(TestStore.TRINO, options)) {
        try (Connection connection = server.connect()) {
          execute(connection, "CREATE TABLE pg_kept AS SELECT * FROM (VALUES (1), (2)) AS t(x)");
        }
        assertThat(server.dataDir().resolve("registry.duckdb")).doesNotExist();
        server.restart();
        try (Connection connection = server.connect()) {
          assertThat(
                  rows(
                      connection,
                      "SELECT TABLE_NAME, ROW_COUNT FROM SYS.TABLES WHERE TABLE_NAME = 'PG_KEPT'"))
              .containsExactly(List.of("PG_KEPT", 2L));
        }
      }
      try (Connection registry =
          DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())) {
        assertThat(
                rows(
                    registry,
                    "SELECT count(*) FROM information_schema.tables"
                        + " WHERE table_schema = 'tablewave_registry'"))
            .singleElement()
            .satisfies(row -> assertThat(((Number) row.get(0)).longValue()).isPositive());
      }
    }
  }

  @Test
  void aKilledServerComesBackWithTheInterruptedBatchFailed(@TempDir Path dataDir) throws Exception {
    List<String> options =
        List.of(
            "--workers", "2", "--store-url", TRINO.jdbcUrl(), "--store-user", TrinoCluster.USER);
    long interruptedBatch;
    try (ServerProcess server = ServerProcess.start(List.of("-Xmx512m"), dataDir, options)) {
      try (Connection connection = DriverManager.getConnection(server.url())) {
        executeBatch(
            connection,
            "CREATE TABLE k_digits AS SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6),"
                + " (7), (8), (9)) AS t(x)",
            "CREATE TABLE k_base AS SELECT a.x * 100 + b.x * 10 + c.x AS x"
                + " FROM k_digits a, k_digits b, k_digits c");
        CompletableFuture<SQLException> load =
            CompletableFuture.supplyAsync(
                () -> {
                  try (Connection loader = DriverManager.getConnection(server.url())) {
                    executeBatch(
                        loader,
                        "CREATE TABLE k_doomed AS SELECT a.x * 1000000 + b.x * 1000 + c.x AS v"
                            + " FROM k_base a, k_base b, k_base c WHERE c.x < 5",
                        "CREATE TABLE k_doomed_next AS SELECT COUNT(*) AS n FROM k_doomed");
                    return null;
                  } catch (SQLException e) {
                    return e;
                  }
                });
        interruptedBatch = awaitLoading(connection);
        server.kill();
        assertThat((Throwable) load.join()).isNotNull();
      }
    }
    assertThat(Files.exists(dataDir.resolve("registry.duckdb"))).isTrue();
    try (ServerProcess server = ServerProcess.start(List.of("-Xmx512m"), dataDir, options);
        Connection connection = DriverManager.getConnection(server.url())) {
      assertThat(
              rows(
                  connection,
                  "SELECT TABLE_NAME FROM SYS.TABLES WHERE TABLE_NAME LIKE 'K\\_%'"
                      + " ESCAPE '\\' ORDER BY 1"))
          .containsExactly(List.of("K_BASE"), List.of("K_DIGITS"));
      assertThat(scalarLong(connection, "SELECT COUNT(*) FROM k_base")).isEqualTo(1000);
      List<List<Object>> batch =
          rows(
              connection,
              "SELECT STATUS, ERROR_MESSAGE FROM SYS.BATCHES WHERE BATCH_ID = " + interruptedBatch);
      assertThat(batch.get(0).get(0)).isEqualTo("FAILED");
      assertThat((String) batch.get(0).get(1)).contains("interrupted by server restart");
    }
  }

  private static long awaitLoading(Connection connection) throws Exception {
    for (int i = 0; i < 1000; i++) {
      List<List<Object>> loading =
          rows(
              connection,
              "SELECT BATCH_ID FROM SYS.BATCH_TABLES WHERE TABLE_NAME = 'K_DOOMED'"
                  + " AND STATUS = 'LOADING'");
      if (!loading.isEmpty()) {
        Thread.sleep(300);
        return ((Number) loading.get(0).get(0)).longValue();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the load never started");
  }
}
