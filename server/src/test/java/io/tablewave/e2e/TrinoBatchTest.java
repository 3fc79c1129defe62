package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.lastBatchId;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import io.tablewave.testing.TrinoCluster;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The core batch scenarios on a Trino cluster of a coordinator and one worker, with the tables in
 * Iceberg and the registry in its own DuckDB file: what a user sees through the driver, and what
 * Trino itself shows of the work.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrinoBatchTest {
  @RegisterExtension static final TrinoCluster TRINO = new TrinoCluster();

  private TestServer server;
  private Connection connection;

  @BeforeAll
  void startServer() throws Exception {
    server = TestServer.start(TestStore.TRINO, TRINO.serverOptions());
    connection = server.connect();
  }

  @AfterAll
  void stopServer() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void chainLoadsInDependencyOrderAsCtasRunOnTheWorker() throws Exception {
    int[] counts =
        executeBatch(
            connection,
            "CREATE TABLE chain_c AS SELECT id, UPPER(name) AS Name FROM chain_b WHERE id > 1",
            "CREATE TABLE chain_a AS SELECT * FROM (VALUES (1, 'x'), (2, 'y'), (3, 'z')) AS t(id, name)",
            "CREATE TABLE chain_b AS SELECT a.id, a.name FROM chain_a a JOIN chain_a b ON a.id = b.id");
    assertThat(counts).containsExactly(2, 3, 3);
    long batch = lastBatchId(connection);
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, WAVE, STATUS FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batch
                    + " ORDER BY STATEMENT_INDEX"))
        .containsExactly(
            List.of("CHAIN_C", 3, "SUCCEEDED"),
            List.of("CHAIN_A", 1, "SUCCEEDED"),
            List.of("CHAIN_B", 2, "SUCCEEDED"));
    assertThat(rows(connection, "SELECT id, name FROM chain_c ORDER BY id"))
        .containsExactly(List.of(2, "Y"), List.of(3, "Z"));
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, ROW_COUNT FROM SYS.TABLES WHERE TABLE_NAME LIKE 'CHAIN_%'"
                    + " ORDER BY 1"))
        .containsExactly(List.of("CHAIN_A", 3L), List.of("CHAIN_B", 3L), List.of("CHAIN_C", 2L));
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME LIKE 'CHAIN_%'"
                    + " ORDER BY 1"))
        .containsExactly(List.of("CHAIN_A"), List.of("CHAIN_B"), List.of("CHAIN_C"));

    try (Connection trino = TRINO.connect()) {
      // The CTAS of CHAIN_B ran in Trino as one statement, and its tasks ran on the worker.
      List<List<Object>> ctas =
          rows(
              trino,
              "SELECT query_id FROM system.runtime.queries WHERE state = 'FINISHED'"
                  + " AND lower(query) LIKE 'create table%chain_b__tw%' AND query LIKE '%JOIN%'");
      assertThat(ctas).hasSize(1);
      List<List<Object>> tasks =
          rows(
              trino,
              "SELECT DISTINCT n.coordinator FROM system.runtime.tasks t"
                  + " JOIN system.runtime.nodes n ON t.node_id = n.node_id WHERE t.query_id = '"
                  + ctas.get(0).get(0)
                  + "'");
      assertThat(tasks).contains(List.of(false));
      // Trino holds the tables under its lower-case names, each named in its comment.
      List<List<Object>> comments =
          rows(
              trino,
              "SELECT comment FROM system.metadata.table_comments WHERE schema_name = '"
                  + TrinoCluster.SCHEMA
                  + "' AND table_name LIKE 'chain_a__tw%'");
      assertThat(comments).hasSize(1);
      assertThat((String) comments.get(0).get(0))
          .matches("\\{\"table\":\"CHAIN_A__tw\\d+\",\"columns\":\\[\"ID\",\"NAME\"\\]\\}");
    }
  }

  @Test
  void diamondLoadsBothMiddleTablesInOneWaveAndJoinsThemAfter() throws Exception {
    int[] counts =
        executeBatch(
            connection,
            "CREATE TABLE dia_top AS SELECT * FROM (VALUES (1, 10), (2, 20), (3, 30)) AS t(id, v)",
            "CREATE TABLE dia_left AS SELECT id, v * 2 AS doubled FROM dia_top",
            "CREATE TABLE dia_right AS SELECT id, v + 1 AS bumped FROM dia_top WHERE id < 3",
            "CREATE TABLE dia_bottom AS SELECT l.id, l.doubled, r.bumped"
                + " FROM dia_left l JOIN dia_right r ON l.id = r.id");
    assertThat(counts).containsExactly(3, 3, 2, 2);
    long batch = lastBatchId(connection);
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, WAVE FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batch
                    + " ORDER BY STATEMENT_INDEX"))
        .containsExactly(
            List.of("DIA_TOP", 1),
            List.of("DIA_LEFT", 2),
            List.of("DIA_RIGHT", 2),
            List.of("DIA_BOTTOM", 3));
    assertThat(rows(connection, "SELECT id, doubled, bumped FROM dia_bottom ORDER BY id"))
        .containsExactly(List.of(1, 20, 11), List.of(2, 40, 21));
  }

  @Test
  void failedTableSkipsItsDependentsWhileIndependentTablesLoad() throws Exception {
    execute(
        connection,
        "CREATE TABLE fail_base AS SELECT * FROM (VALUES (1, '1'), (2, 'abc')) AS t(id, code)");
    BatchUpdateException failure = null;
    try {
      executeBatch(
          connection,
          "CREATE TABLE fail_ok AS SELECT id FROM fail_base",
          "CREATE TABLE fail_bad AS SELECT CAST(code AS INTEGER) AS n FROM fail_base",
          "CREATE TABLE fail_dep AS SELECT n FROM fail_bad",
          "CREATE TABLE fail_other AS SELECT id * 10 AS id FROM fail_base");
    } catch (BatchUpdateException e) {
      failure = e;
    }
    assertThat((Throwable) failure).isNotNull();
    long batch = lastBatchId(connection);
    assertThat(failure.getUpdateCounts())
        .containsExactly(2, Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED, 2);
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATUS, SKIPPED_BECAUSE FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batch
                    + " ORDER BY STATEMENT_INDEX"))
        .isEqualTo(
            List.of(
                Arrays.asList("FAIL_OK", "SUCCEEDED", null),
                Arrays.asList("FAIL_BAD", "FAILED", null),
                Arrays.asList("FAIL_DEP", "SKIPPED", "FAIL_BAD"),
                Arrays.asList("FAIL_OTHER", "SUCCEEDED", null)));
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME FROM SYS.TABLES WHERE TABLE_NAME LIKE 'FAIL_%' ORDER BY 1"))
        .containsExactly(List.of("FAIL_BASE"), List.of("FAIL_OK"), List.of("FAIL_OTHER"));
  }

  @Test
  void orReplaceSwapsAtomicallyWhileAReaderQueriesTheOldTable() throws Exception {
    execute(
        connection,
        "CREATE TABLE swap_t AS SELECT x, 0 AS version FROM (VALUES (1), (2), (3)) AS t(x)");
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (Connection readerConnection = server.connect()) {
                while (!stop.get()) {
                  List<Object> row =
                      rows(
                              readerConnection,
                              "SELECT COUNT(*), MIN(version), MAX(version) FROM swap_t")
                          .get(0);
                  long count = ((Number) row.get(0)).longValue();
                  long min = ((Number) row.get(1)).longValue();
                  long max = ((Number) row.get(2)).longValue();
                  if (min != max || count != 3 + min) {
                    problems.add(
                        "inconsistent read: " + count + " rows, versions " + min + ".." + max);
                  }
                  seen.add(min);
                }
              } catch (Exception e) {
                problems.add("reader failed: " + e);
              }
            });
    reader.start();
    StringBuilder values = new StringBuilder("(1), (2), (3)");
    for (int version = 1; version <= 2; version++) {
      values.append(", (").append(3 + version).append(')');
      execute(
          connection,
          "CREATE OR REPLACE TABLE swap_t AS SELECT x, "
              + version
              + " AS version FROM (VALUES "
              + values
              + ") AS t(x)");
    }
    stop.set(true);
    reader.join(60_000);
    assertThat(problems).isEmpty();
    assertThat(seen).isNotEmpty();
    assertThat(rows(connection, "SELECT COUNT(*), MIN(version) FROM swap_t"))
        .containsExactly(List.of(5L, 2));
  }

  @Test
  void dropRestrictIsRefusedWhileADependentExistsAndCascadeDropsBoth() throws Exception {
    executeBatch(
        connection,
        "CREATE TABLE drop_a AS SELECT * FROM (VALUES (1)) AS t(x)",
        "CREATE TABLE drop_b AS SELECT x FROM drop_a");
    assertThatThrownBy(() -> execute(connection, "DROP TABLE drop_a"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("DROP_B");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM drop_a")).isEqualTo(1);
    execute(connection, "DROP TABLE drop_a CASCADE");
    assertThat(rows(connection, "SELECT TABLE_NAME FROM SYS.TABLES WHERE TABLE_NAME LIKE 'DROP_%'"))
        .isEmpty();
    assertThatThrownBy(() -> execute(connection, "DROP TABLE drop_a"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void explainPlansABatchWithoutRunningIt() throws Exception {
    assertThat(
            rows(
                connection,
                "EXPLAIN CREATE TABLE exp_b AS SELECT * FROM exp_a;"
                    + " CREATE TABLE exp_a AS SELECT * FROM (VALUES (1)) AS t(x)"))
        .containsExactly(
            Arrays.asList(0, "EXP_B", "CREATE", 2, "EXP_A", null, null),
            Arrays.asList(1, "EXP_A", "CREATE", 1, null, null, null));
    assertThat(rows(connection, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME LIKE 'EXP_%'"))
        .isEmpty();
  }

  @Test
  void typesRoundTrip() throws Exception {
    execute(
        connection,
        "CREATE TABLE types_t AS SELECT CAST(1 AS BIGINT) AS b, CAST(2.5 AS DOUBLE) AS d,"
            + " CAST(12.34 AS DECIMAL(10, 2)) AS m, 'text' AS v, TRUE AS f,"
            + " DATE '2024-02-29' AS dt, TIMESTAMP '2024-02-29 10:11:12.345' AS ts");
    List<Object> row = rows(connection, "SELECT * FROM types_t").get(0);
    List<String> shown = new ArrayList<>();
    row.forEach(value -> shown.add(String.valueOf(value)));
    assertThat(shown)
        .containsExactly(
            "1", "2.5", "12.34", "text", "true", "2024-02-29", "2024-02-29 10:11:12.345");
    // What a JDBC tool's navigator reads: the same names and types as on the other stores.
    java.sql.DatabaseMetaData metaData = connection.getMetaData();
    List<String> tables = new ArrayList<>();
    try (java.sql.ResultSet rs = metaData.getTables(null, "PUBLIC", "TYPES_T", null)) {
      while (rs.next()) {
        tables.add(rs.getString("TABLE_NAME"));
      }
    }
    assertThat(tables).containsExactly("TYPES_T");
    List<String> described = new ArrayList<>();
    try (java.sql.ResultSet rs = metaData.getColumns(null, "PUBLIC", "TYPES_T", "%")) {
      while (rs.next()) {
        described.add(rs.getString("COLUMN_NAME") + " " + rs.getString("TYPE_NAME"));
      }
    }
    List<String> queried = new ArrayList<>();
    try (java.sql.Statement statement = connection.createStatement();
        java.sql.ResultSet rs = statement.executeQuery("SELECT * FROM types_t")) {
      java.sql.ResultSetMetaData result = rs.getMetaData();
      for (int i = 1; i <= result.getColumnCount(); i++) {
        queried.add(result.getColumnName(i) + " " + result.getColumnTypeName(i));
      }
    }
    assertThat(described).containsExactlyElementsOf(queried);
    assertThat(described)
        .extracting(column -> column.substring(0, column.indexOf(' ')))
        .containsExactly("B", "D", "M", "V", "F", "DT", "TS");
  }

  /** Trino numbers the day of the week from Monday 1 (ISO); loads and queries give Calcite's. */
  @Test
  void theDayOfTheWeekIsCalcitesFromSunday1() throws Exception {
    executeBatch(
        connection,
        "CREATE TABLE week_dates AS SELECT * FROM (VALUES (1, DATE '2024-02-28'),"
            + " (2, DATE '2023-12-31'), (3, DATE '2000-03-04')) AS t(id, dt)",
        "CREATE TABLE week_days AS SELECT id, EXTRACT(DOW FROM dt) AS dow FROM week_dates");
    List<List<Object>> expected = List.of(List.of(1, 4L), List.of(2, 1L), List.of(3, 7L));
    assertThat(rows(connection, "SELECT * FROM week_days ORDER BY id")).isEqualTo(expected);
    assertThat(rows(connection, "SELECT id, EXTRACT(DOW FROM dt) FROM week_dates ORDER BY id"))
        .isEqualTo(expected);
  }
}
