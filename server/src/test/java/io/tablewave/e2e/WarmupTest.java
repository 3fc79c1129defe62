package io.tablewave.e2e;

import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The warm-up after start runs a CTAS through the same code as a user's, and leaves no trace: no
 * table in PUBLIC, the registry or the SYS tables, and no physical table in the store.
 */
class WarmupTest {
  @Test
  void theWarmupLeavesNoTraceAndTheFirstStatementsRunAsUsual() throws Exception {
    try (TestServer server = TestServer.start(TestStore.H2, Map.of());
        Connection connection = server.connect()) {
      assertThat(server.awaitWarmup(120_000)).as("the warm-up ended").isTrue();
      for (String table :
          List.of("SYS.TABLES", "SYS.BATCHES", "SYS.BATCH_TABLES", "SYS.DEPENDENCIES")) {
        assertThat(scalarLong(connection, "SELECT COUNT(*) FROM " + table)).as(table).isZero();
      }
      assertThat(
              rows(
                  connection,
                  "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC'"))
          .isEmpty();
      // the store itself, as another connection to the same embedded H2 database sees it
      try (Connection store =
              DriverManager.getConnection(
                  "jdbc:h2:file:" + server.dataDir().resolve("h2store").toAbsolutePath());
          ResultSet tables =
              store.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
        List<String> names = new ArrayList<>();
        while (tables.next()) {
          names.add(tables.getString("TABLE_NAME"));
        }
        assertThat(names)
            .isNotEmpty()
            .noneMatch(name -> name.toUpperCase(java.util.Locale.ROOT).contains("WARMUP"));
      }
      assertThat(
              executeBatch(
                  connection,
                  "CREATE TABLE first_one AS SELECT g, COUNT(*) AS n"
                      + " FROM (VALUES ('a'), ('b'), ('a')) AS t(g) GROUP BY g"))
          .containsExactly(2);
      assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES")).isEqualTo(1);
    }
  }
}
