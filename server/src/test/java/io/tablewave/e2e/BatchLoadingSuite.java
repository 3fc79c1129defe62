package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.lastBatchId;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The core end-to-end scenarios, through the real driver and server, run once per store. Each test
 * uses its own table names, so tests share one server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BatchLoadingSuite {
  private TestServer server;
  private Connection connection;

  abstract TestStore store();

  /**
   * Whether this store runs joins itself; otherwise Calcite joins the rows it reads from the store.
   */
  abstract boolean pushesJoinsDown();

  /**
   * A query over {@code source} (a 1,000-row table with column X) that takes a noticeable time on
   * this store.
   */
  abstract String slowQuery(String source);

  /**
   * Options for the server beyond the store's defaults; a suite may start what its store needs
   * here.
   */
  Map<ServerOption, String> serverOptions() throws Exception {
    return Map.of();
  }

  /** Called once the server has stopped. */
  void afterServerStopped() throws Exception {}

  @BeforeAll
  void startServer() throws Exception {
    server = TestServer.start(store(), serverOptions());
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
    afterServerStopped();
  }

  /** Creates {@code name} with 1,000 rows, X = 0..999. */
  private void createThousand(String name) throws SQLException {
    executeBatch(
        connection,
        "CREATE TABLE "
            + name
            + "_D AS SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9))"
            + " AS t(x)",
        "CREATE TABLE "
            + name
            + " AS SELECT a.x * 100 + b.x * 10 + c.x AS x FROM "
            + name
            + "_D a, "
            + name
            + "_D b, "
            + name
            + "_D c");
  }

  private record Interval(String table, long start, long end) {
    boolean overlaps(Interval other) {
      return start < other.end && other.start < end;
    }
  }

  private Map<String, Interval> intervals(long batchId) throws SQLException {
    Map<String, Interval> intervals = new HashMap<>();
    for (List<Object> row :
        rows(
            connection,
            "SELECT TABLE_NAME, STARTED_AT, FINISHED_AT FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                + batchId)) {
      String table = (String) row.get(0);
      intervals.put(
          table,
          new Interval(
              table, ((Timestamp) row.get(1)).getTime(), ((Timestamp) row.get(2)).getTime()));
    }
    return intervals;
  }

  @Test
  void chainLoadsInThreeWavesInDependencyOrder() throws Exception {
    int[] counts =
        executeBatch(
            connection,
            "CREATE TABLE chain_c AS SELECT id FROM chain_b WHERE id > 1",
            "CREATE TABLE chain_a AS SELECT * FROM (VALUES (1, 'x'), (2, 'y'), (3, 'z')) AS t(id, name)",
            "CREATE TABLE chain_b AS SELECT id, name FROM chain_a");
    assertThat(counts).containsExactly(2, 3, 3);
    long batch = lastBatchId(connection);

    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATEMENT_INDEX, WAVE, STATUS FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batch
                    + " ORDER BY STATEMENT_INDEX"))
        .containsExactly(
            List.of("CHAIN_C", 0, 3, "SUCCEEDED"),
            List.of("CHAIN_A", 1, 1, "SUCCEEDED"),
            List.of("CHAIN_B", 2, 2, "SUCCEEDED"));
    assertThat(
            rows(
                connection,
                "SELECT WAVE, TABLE_COUNT, TABLES, SUCCEEDED FROM SYS.WAVES WHERE BATCH_ID = "
                    + batch
                    + " ORDER BY WAVE"))
        .containsExactly(
            List.of(1, 1, "CHAIN_A", 1), List.of(2, 1, "CHAIN_B", 1), List.of(3, 1, "CHAIN_C", 1));
    assertThat(
            rows(
                connection,
                "SELECT STATUS, TABLE_COUNT, SUCCEEDED, FAILED, SKIPPED, WAVE_COUNT FROM SYS.BATCHES"
                    + " WHERE BATCH_ID = "
                    + batch))
        .containsExactly(List.of("SUCCEEDED", 3, 3, 0, 0, 3));

    Map<String, Interval> intervals = intervals(batch);
    assertThat(intervals.get("CHAIN_B").start())
        .isGreaterThanOrEqualTo(intervals.get("CHAIN_A").end());
    assertThat(intervals.get("CHAIN_C").start())
        .isGreaterThanOrEqualTo(intervals.get("CHAIN_B").end());
    assertThat(rows(connection, "SELECT id FROM chain_c ORDER BY id"))
        .containsExactly(List.of(2), List.of(3));
  }

  @Test
  void theSameQueryOverAnInputReplacedWithOtherColumnsIsPlannedForTheColumnsItHasNow()
      throws Exception {
    String query = " AS SELECT * FROM replanned_in WHERE id > 1";
    execute(
        connection,
        "CREATE TABLE replanned_in AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(id, name)");
    execute(connection, "CREATE TABLE replanned_1" + query);
    execute(connection, "CREATE TABLE replanned_2" + query);
    assertThat(rows(connection, "SELECT * FROM replanned_2")).containsExactly(List.of(2, "b"));
    execute(
        connection,
        "CREATE OR REPLACE TABLE replanned_in AS SELECT * FROM"
            + " (VALUES (1, 7, 'x'), (3, 8, 'y')) AS t(id, qty, code)");
    execute(connection, "CREATE TABLE replanned_3" + query);

    assertThat(rows(connection, "SELECT * FROM replanned_3")).containsExactly(List.of(3, 8, "y"));
    // the tables reading it were reloaded with it, by the same query
    assertThat(rows(connection, "SELECT * FROM replanned_2")).containsExactly(List.of(3, 8, "y"));
    assertThat(
            rows(
                connection,
                "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME ="
                    + " 'REPLANNED_3' ORDER BY ORDINAL_POSITION"))
        .containsExactly(List.of("ID"), List.of("QTY"), List.of("CODE"));
  }

  @Test
  void castsToSizedStringsRunInTheStoreInQueriesAndLoads() throws Exception {
    executeBatch(
        connection,
        "CREATE TABLE cast_days AS SELECT * FROM (VALUES (DATE '2026-11-01', 1), (DATE '2026-11-02', 2)) AS t(d, n)",
        "CREATE TABLE cast_text AS SELECT CAST(d AS VARCHAR(10)) AS day_text, CAST(n AS CHAR(3)) AS n_text"
            + " FROM cast_days");
    assertThat(
            rows(
                connection,
                "SELECT CAST(d AS VARCHAR(10)), CAST(n AS VARCHAR(5)) FROM cast_days ORDER BY 1"))
        .containsExactly(List.of("2026-11-01", "1"), List.of("2026-11-02", "2"));
    assertThat(rows(connection, "SELECT day_text FROM cast_text ORDER BY 1"))
        .containsExactly(List.of("2026-11-01"), List.of("2026-11-02"));
  }

  /**
   * A cast to a string of a given length cuts a longer string to it, in a query the store runs and
   * in a load alike (DuckDB ignores such lengths: its SQL is written to keep them). A shorter
   * string stays whole; whether a {@code CHAR} pads it with spaces is the store's own.
   */
  @Test
  void castsToSizedStringsCutToTheirLengthInQueriesAndLoads() throws Exception {
    executeBatch(
        connection,
        "CREATE TABLE cast_words AS SELECT CAST('resume' AS VARCHAR(10)) AS w"
            + " UNION ALL SELECT CAST('ab' AS VARCHAR(10))",
        "CREATE TABLE cast_cut AS SELECT CAST(w AS VARCHAR(3)) AS w3, CAST(w AS CHAR(4)) AS w4"
            + " FROM cast_words");
    List<List<String>> expected = List.of(List.of("ab", "ab"), List.of("res", "resu"));
    assertThat(
            withoutTrailingSpaces(
                rows(
                    connection,
                    "SELECT CAST(w AS VARCHAR(3)), CAST(w AS CHAR(4)) FROM cast_words ORDER BY 1")))
        .isEqualTo(expected);
    assertThat(withoutTrailingSpaces(rows(connection, "SELECT w3, w4 FROM cast_cut ORDER BY 1")))
        .isEqualTo(expected);
  }

  /**
   * A table with AVG keeps a merge state for its refreshes and is built from it; its averages are
   * still those the store's own AVG gives over its input, to the last digit (H2's AVG of a DOUBLE
   * divides otherwise, so such a table is built from its input there).
   */
  @Test
  void aTableWithAnAverageHasTheStoresOwnAveragesToTheLastDigit() throws Exception {
    String id = "a.d + 10 * b.d + 100 * c.d + 1000 * e.d";
    String averages =
        "SELECT g, COUNT(*) AS n, AVG(f) AS af, AVG(i) AS ai, AVG(x) AS ax, MIN(i) AS lo"
            + " FROM avg_input GROUP BY g";
    executeBatch(
        connection,
        "CREATE TABLE avg_digits AS SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7),"
            + " (8), (9)) AS t(d)",
        "CREATE TABLE avg_input AS SELECT MOD("
            + id
            + ", 37) AS g, CASE WHEN MOD("
            + id
            + ", 37) = 5 THEN NULL ELSE SIN("
            + id
            + ") * 1000.123 END AS f, "
            + id
            + " - 5000 AS i, CAST(COS(a.d + 10 * b.d) * 100 AS DECIMAL(12, 3)) AS x"
            + " FROM avg_digits a, avg_digits b, avg_digits c, avg_digits e",
        "CREATE TABLE avg_groups AS " + averages,
        // A HAVING keeps a table from merging: this one is computed from its input, AVG by AVG.
        "CREATE TABLE avg_oracle AS " + averages + " HAVING COUNT(*) > 0");
    List<List<Object>> oracle = rows(connection, "SELECT * FROM avg_oracle ORDER BY g");
    assertThat(oracle).hasSize(37);
    assertThat(oracle.get(5).get(2)).as("the AVG of a group of NULLs").isNull();
    assertThat(rows(connection, "SELECT * FROM avg_groups ORDER BY g")).isEqualTo(oracle);
  }

  /**
   * Date parts are numbered as Calcite numbers them, in a load and in a query the store runs alike:
   * the day of the week from Sunday 1 (DuckDB and PostgreSQL count from Sunday 0), the ISO week
   * (H2's follows the locale), and a timestamp floored to a day or a month (H2 rejects Calcite's
   * FLOOR).
   */
  @Test
  void datePartsAreNumberedAsCalciteNumbersThemInLoadsAndQueries() throws Exception {
    String parts =
        "SELECT id, EXTRACT(DOW FROM dt) AS dow, EXTRACT(WEEK FROM dt) AS week,"
            + " FLOOR(ts TO DAY) AS day_start, FLOOR(ts TO MONTH) AS month_start FROM part_days";
    executeBatch(
        connection,
        "CREATE TABLE part_days AS SELECT * FROM (VALUES"
            + " (1, DATE '2024-02-28', TIMESTAMP '2024-02-28 23:59:58'),"
            + " (2, DATE '2023-12-31', TIMESTAMP '2023-12-31 10:00:00'),"
            + " (3, DATE '2000-03-04', TIMESTAMP '2000-03-04 01:02:03')) AS t(id, dt, ts)",
        "CREATE TABLE part_values AS " + parts);
    List<List<Object>> expected =
        List.of(
            List.of(
                1,
                4L,
                9L,
                Timestamp.valueOf("2024-02-28 00:00:00"),
                Timestamp.valueOf("2024-02-01 00:00:00")),
            List.of(
                2,
                1L,
                52L,
                Timestamp.valueOf("2023-12-31 00:00:00"),
                Timestamp.valueOf("2023-12-01 00:00:00")),
            List.of(
                3,
                7L,
                9L,
                Timestamp.valueOf("2000-03-04 00:00:00"),
                Timestamp.valueOf("2000-03-01 00:00:00")));
    assertThat(rows(connection, "SELECT * FROM part_values ORDER BY id")).isEqualTo(expected);
    assertThat(rows(connection, parts + " ORDER BY id")).isEqualTo(expected);
  }

  /**
   * A query of registered tables runs in the store, written in its dialect; the same query asking
   * in addition whether a system table has rows runs in Calcite. Both give the same rows for these
   * expressions, NULLs of every type included. (Where SQL leaves a result to the implementation,
   * such as how a cast rounds or a decimal quotient's scale, the store's own stays: those are not
   * here.)
   */
  @Test
  void queriesTheStoreRunsGiveWhatCalciteGives() throws Exception {
    List<String> expressions =
        List.of(
            "f",
            "i / 2",
            "-i / 2",
            "MOD(i, 3)",
            "MOD(-i, 3)",
            "d * d",
            "ROUND(d, 1)",
            "ROUND(f, 1)",
            "TRUNCATE(f, 1)",
            "TRUNCATE(d, 1)",
            "FLOOR(f)",
            "CEIL(f)",
            "ABS(-f)",
            "POWER(i, 2)",
            "EXP(i)",
            "i * 1.5",
            "i + 0.1",
            "CAST(i AS VARCHAR(20))",
            "CAST(dt AS VARCHAR(20))",
            "SUBSTRING(s FROM 2 FOR 3)",
            "POSITION('b' IN s)",
            "CHAR_LENGTH(s)",
            "TRIM(s)",
            "UPPER(s)",
            "s || 'x'",
            "REPLACE(s, 'a', 'z')",
            "LOWER(s) = 'abc'",
            "s < 'b'",
            "s LIKE 'a%'",
            "CASE WHEN i > 2 THEN 'yes' ELSE 'no' END",
            "COALESCE(i, 0)",
            "NULLIF(i, 2)",
            "b AND NOT b",
            "i IS NULL",
            "dt + INTERVAL '1' DAY",
            "TIMESTAMPADD(HOUR, 3, ts)",
            "CAST(ts AS DATE)",
            "CAST(dt AS TIMESTAMP)",
            "EXTRACT(YEAR FROM dt)",
            "EXTRACT(DOW FROM dt)",
            "EXTRACT(WEEK FROM dt)",
            "EXTRACT(HOUR FROM ts)",
            "FLOOR(ts TO DAY)",
            "FLOOR(ts TO MONTH)");
    List<String> aggregates =
        List.of(
            "AVG(d)",
            "AVG(f)",
            "SUM(i)",
            "SUM(d)",
            "SUM(i) / COUNT(i)",
            "COUNT(DISTINCT s)",
            "MIN(s)",
            "MAX(dt)");
    String notNull = "CASE WHEN id = 5 THEN NULL ELSE ";
    executeBatch(
        connection,
        "CREATE TABLE twin_rows AS SELECT * FROM (VALUES"
            + " (1, 1, CAST(1.25 AS DECIMAL(10, 2)), CAST(2.5 AS DOUBLE), 'abc', DATE '2024-02-28',"
            + " TIMESTAMP '2024-02-28 23:59:58', TRUE, 1),"
            + " (2, 2, CAST(-2.55 AS DECIMAL(10, 2)), CAST(-3.5 AS DOUBLE), 'Bcd ',"
            + " DATE '2023-12-31', TIMESTAMP '2023-12-31 00:00:00', FALSE, 1),"
            + " (3, 3, CAST(0.35 AS DECIMAL(10, 2)), CAST(0.45 AS DOUBLE), ' ab', DATE '2024-01-01',"
            + " TIMESTAMP '2024-01-01 12:30:00', TRUE, 2),"
            + " (4, -7, CAST(99.99 AS DECIMAL(10, 2)), CAST(1e10 AS DOUBLE), 'zz', DATE '2000-03-01',"
            + " TIMESTAMP '2000-03-01 01:02:03', FALSE, 2),"
            + " (5, 0, CAST(0 AS DECIMAL(10, 2)), CAST(0 AS DOUBLE), 'x', DATE '2000-01-01',"
            + " TIMESTAMP '2000-01-01 00:00:00', FALSE, 2)) AS t(id, i, d, f, s, dt, ts, b, g)",
        // Row 5 holds a NULL in every column but its id and group.
        "CREATE TABLE twin AS SELECT id, "
            + String.join(
                ", ",
                List.of("i", "d", "f", "s", "dt", "ts", "b").stream()
                    .map(column -> notNull + column + " END AS " + column)
                    .toList())
            + ", g FROM twin_rows");
    for (String expression : expressions) {
      assertTheStoreGivesWhatCalciteGives(
          "SELECT id, " + expression + " AS v FROM twin", "ORDER BY id", 5);
    }
    for (String aggregate : aggregates) {
      assertTheStoreGivesWhatCalciteGives(
          "SELECT g, " + aggregate + " AS v FROM twin", "GROUP BY g ORDER BY g", 2);
    }
  }

  /**
   * {@code query} followed by {@code rest} (its grouping and order) gives {@code rowCount} rows,
   * run by the store, and the same rows when it also asks whether a system table has rows, which
   * only Calcite answers.
   */
  private void assertTheStoreGivesWhatCalciteGives(String query, String rest, int rowCount)
      throws SQLException {
    assertThat(rows(connection, query + " " + rest))
        .as(query)
        .hasSize(rowCount)
        .isEqualTo(rows(connection, query + " WHERE EXISTS (SELECT * FROM SYS.SERVER) " + rest));
  }

  /** A NULL of a VALUES list keeps its type in the store (PostgreSQL took it for text). */
  @Test
  void aNullInAValuesListKeepsItsType() throws Exception {
    String union = "SELECT id, f FROM null_base UNION ALL SELECT 9, CAST(NULL AS DOUBLE)";
    executeBatch(
        connection,
        "CREATE TABLE null_base AS SELECT * FROM (VALUES (1, CAST(2.5 AS DOUBLE))) AS t(id, f)",
        "CREATE TABLE null_union AS " + union,
        "CREATE TABLE null_rows AS SELECT * FROM (VALUES (1, CAST(2.5 AS DOUBLE)),"
            + " (5, CAST(NULL AS DOUBLE))) AS t(id, f)");
    List<Object> withNull = new ArrayList<>(Arrays.asList(9, null));
    assertThat(rows(connection, "SELECT * FROM null_union ORDER BY id"))
        .containsExactly(List.of(1, 2.5), withNull);
    assertThat(rows(connection, union + " ORDER BY id")).containsExactly(List.of(1, 2.5), withNull);
    withNull.set(0, 5);
    assertThat(rows(connection, "SELECT * FROM null_rows ORDER BY id"))
        .containsExactly(List.of(1, 2.5), withNull);
  }

  private static List<List<String>> withoutTrailingSpaces(List<List<Object>> rows) {
    return rows.stream()
        .map(row -> row.stream().map(value -> String.valueOf(value).stripTrailing()).toList())
        .toList();
  }

  @Test
  void aQueryThatDoesNotTypeCheckIsRejectedSayingWhyInTheUsersTerms() throws Exception {
    String sql =
        "CREATE TABLE typo_day AS SELECT DATE '2026-01-01' + n AS d FROM (VALUES (1)) AS t(n)";
    long batchesBefore = scalarLong(connection, "SELECT COUNT(*) FROM SYS.BATCHES");
    assertThatThrownBy(() -> execute(connection, sql))
        .hasMessageContaining(
            "table TYPO_DAY (statement 1, line 1, column " + (sql.indexOf("DATE") + 1) + "): ")
        .hasMessageContaining("Cannot apply '+' to arguments of type '<DATE> + <INTEGER>'")
        .hasMessageNotContaining("org.apache.calcite");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.BATCHES")).isEqualTo(batchesBefore);
  }

  /**
   * The number of tables and batches the registry holds, to show that a rejected batch left
   * nothing.
   */
  private List<Long> registryCounts() throws SQLException {
    return List.of(
        scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES"),
        scalarLong(connection, "SELECT COUNT(*) FROM SYS.BATCHES"),
        scalarLong(connection, "SELECT COUNT(*) FROM SYS.BATCH_TABLES"));
  }

  @Test
  void anUnknownColumnOfATableOfTheSameBatchRejectsTheScriptBeforeAnythingRuns() throws Exception {
    List<Long> before = registryCounts();
    String script =
        "CREATE TABLE val_a2 AS SELECT 1 AS x1 FROM (VALUES (0)) t(v);\n"
            + "CREATE TABLE val_b2 AS SELECT x1, x2 FROM val_a2";

    assertThatThrownBy(() -> execute(connection, script))
        .isInstanceOfSatisfying(
            SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42000"))
        .hasMessageContaining(
            "table VAL_B2 (statement 2, line 2, column 35): Column 'X2' not found in any table;"
                + " did you mean \"X1\"?");
    assertThat(registryCounts()).isEqualTo(before);
    assertThatThrownBy(() -> rows(connection, "SELECT * FROM val_a2"))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void anUnknownColumnOfARegisteredTableRejectsTheBatch() throws Exception {
    execute(
        connection,
        "CREATE TABLE val_people AS SELECT * FROM (VALUES (1, 'Ada', 36), (2, 'Grace', 45))"
            + " AS t(id, name, age)");
    List<Long> before = registryCounts();

    assertThatThrownBy(
            () ->
                executeBatch(
                    connection,
                    "CREATE TABLE val_names AS SELECT name FROM val_people",
                    "CREATE TABLE val_ages AS\n  SELECT p.id, p.agee FROM val_people p"))
        .isInstanceOfSatisfying(
            BatchUpdateException.class,
            e ->
                assertThat(e.getUpdateCounts())
                    .containsExactly(Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED))
        .hasMessageContaining(
            "table VAL_AGES (statement 2, line 2, column 18): Column 'AGEE' not found in table 'P';"
                + " did you mean \"AGE\"?");
    assertThat(registryCounts()).isEqualTo(before);
    assertThatThrownBy(() -> rows(connection, "SELECT * FROM val_names"))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void sumOverTextIsATypeErrorAtPlanning() throws Exception {
    execute(
        connection,
        "CREATE TABLE val_labels AS SELECT * FROM (VALUES (1, 'x'), (2, 'y')) AS t(id, label)");
    List<Long> before = registryCounts();

    assertThatThrownBy(
            () ->
                execute(
                    connection,
                    "CREATE TABLE val_sum AS SELECT id, SUM(label) AS total FROM val_labels GROUP BY id"))
        .hasMessageContaining(
            "table VAL_SUM (statement 1, line 1, column 36): Cannot apply 'SUM' to arguments of"
                + " type 'SUM(<VARCHAR>)'");
    assertThat(registryCounts()).isEqualTo(before);
  }

  @Test
  void anAmbiguousColumnInAJoinRejectsTheBatch() throws Exception {
    executeBatch(
        connection,
        "CREATE TABLE val_left AS SELECT * FROM (VALUES (1, 'a')) AS t(id, l)",
        "CREATE TABLE val_right AS SELECT * FROM (VALUES (1, 'b')) AS t(id, r)");
    List<Long> before = registryCounts();

    assertThatThrownBy(
            () ->
                execute(
                    connection,
                    "BEGIN\n"
                        + "  CREATE TABLE val_joined AS SELECT id, l, r FROM val_left a JOIN val_right b ON a.id = b.id;\n"
                        + "END"))
        .hasMessageContaining(
            "table VAL_JOINED (statement 1, line 2, column 37): Column 'ID' is ambiguous;"
                + " qualify it with the name or alias of its table: A or B");
    assertThat(registryCounts()).isEqualTo(before);
  }

  @Test
  void explainListsEveryProblemOfTheBatchWithoutThrowing() throws Exception {
    execute(
        connection,
        "CREATE TABLE val_items AS SELECT * FROM (VALUES (1, 'pen', 2.5)) AS t(id, item, price)");
    List<Long> before = registryCounts();

    List<List<Object>> plan =
        rows(
            connection,
            "EXPLAIN\n"
                + "CREATE TABLE val_cheap AS SELECT item FROM val_items WHERE prise < 3;\n"
                + "CREATE TABLE val_fine AS SELECT id, price FROM val_items;\n"
                + "CREATE TABLE val_total AS SELECT SUM(item) AS total FROM val_items;\n"
                + "CREATE TABLE val_twice AS SELECT a.id, b.id FROM val_items a JOIN val_fine b ON a.id = b.id");

    assertThat(plan)
        .extracting(row -> row.get(1))
        .containsExactly("VAL_CHEAP", "VAL_FINE", "VAL_TOTAL", "VAL_TWICE");
    assertThat(plan)
        .extracting(row -> (String) row.get(6))
        .satisfiesExactly(
            problem ->
                assertThat(problem)
                    .isEqualTo(
                        "table VAL_CHEAP (statement 1, line 2, column 60): Column 'PRISE'"
                            + " not found in any table; did you mean \"PRICE\"?"),
            problem -> assertThat(problem).isNull(),
            problem ->
                assertThat(problem)
                    .startsWith(
                        "table VAL_TOTAL (statement 3, line 4, column 34): Cannot apply"
                            + " 'SUM' to arguments of type 'SUM(<VARCHAR>)'"),
            problem ->
                assertThat(problem)
                    .startsWith(
                        "table VAL_TWICE (statement 4, line 5, column 40): columns 1 and"
                            + " 2 of the result are both named \"ID\""));
    assertThat(registryCounts()).isEqualTo(before);
  }

  @Test
  void theColumnsPlanningDerivedAreTheColumnsTheTableGets() throws Exception {
    executeBatch(
        connection,
        "CREATE TABLE val_typed_b AS SELECT n * 2 AS twice, label || '!' AS loud, price AS price FROM val_typed_a",
        "CREATE TABLE val_typed_a AS SELECT * FROM (VALUES (1, 'a', CAST(2.50 AS DECIMAL(10, 2))))"
            + " AS t(n, label, price)");

    assertThat(
            rows(
                connection,
                "SELECT COLUMN_NAME, DATA_TYPE, NUMERIC_SCALE FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'VAL_TYPED_B' ORDER BY ORDINAL_POSITION"))
        .containsExactly(
            Arrays.asList("TWICE", "INTEGER", null),
            Arrays.asList("LOUD", "VARCHAR", null),
            List.of("PRICE", "DECIMAL", 2));
    assertThat(rows(connection, "SELECT twice, loud, price FROM val_typed_b"))
        .containsExactly(List.of(2, "a!", new java.math.BigDecimal("2.50")));
  }

  @Test
  void textOutsideLatin1RunsInQueriesAndLoads() throws Exception {
    executeBatch(
        connection,
        "CREATE TABLE uni_cities AS SELECT * FROM (VALUES (1, 'Z\u00fcrich'), (2, '\u6771\u4eac'),"
            + " (3, 'caf\u00e9 \ud83d\ude00')) AS t(id, city)",
        "CREATE TABLE uni_tokyo AS SELECT id, city || ' \u2014 \u65e5\u672c' AS label FROM uni_cities"
            + " WHERE city = '\u6771\u4eac'",
        "CREATE TABLE uni_joined AS SELECT c.city, t.label FROM uni_cities c JOIN uni_tokyo t ON c.id = t.id");
    assertThat(rows(connection, "SELECT label FROM uni_tokyo"))
        .containsExactly(List.of("\u6771\u4eac \u2014 \u65e5\u672c"));
    assertThat(rows(connection, "SELECT city FROM uni_joined WHERE label LIKE '%\u65e5\u672c'"))
        .containsExactly(List.of("\u6771\u4eac"));
    assertThat(
            rows(
                connection,
                "SELECT id FROM uni_cities WHERE city IN ('Z\u00fcrich', 'caf\u00e9 \ud83d\ude00')"
                    + " ORDER BY id"))
        .containsExactly(List.of(1), List.of(3));
  }

  @Test
  void aSumOfIntegersIsABigintAndDoesNotOverflow() throws Exception {
    executeBatch(
        connection,
        "CREATE TABLE big_ints AS SELECT * FROM (VALUES (1, 2000000000), (1, 2000000000),"
            + " (2, 7)) AS t(k, v)",
        "CREATE TABLE big_sums AS SELECT k, SUM(v) AS total FROM big_ints GROUP BY k");
    assertThat(rows(connection, "SELECT k, total FROM big_sums ORDER BY k"))
        .containsExactly(List.of(1, 4_000_000_000L), List.of(2, 7L));
    assertThat(rows(connection, "SELECT SUM(v) FROM big_ints"))
        .containsExactly(List.of(4_000_000_007L));
    assertThat(
            rows(
                connection,
                "SELECT DATA_TYPE FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'BIG_SUMS' AND COLUMN_NAME = 'TOTAL'"))
        .containsExactly(List.of("BIGINT"));
  }

  @Test
  void dependenciesAreExtractedFromTheSqlWithoutDependsOn() throws Exception {
    executeBatch(
        connection,
        "CREATE TABLE ext_report AS WITH recent AS (SELECT id FROM ext_orders WHERE id > 0)"
            + " SELECT id FROM recent WHERE id IN (SELECT id FROM ext_customers)"
            + " UNION SELECT r.id FROM (SELECT id FROM ext_returns) r",
        "CREATE TABLE ext_orders AS SELECT * FROM (VALUES (1), (2), (3)) AS t(id)",
        "CREATE TABLE ext_customers AS SELECT * FROM (VALUES (2), (3)) AS t(id)",
        "CREATE TABLE ext_returns AS SELECT * FROM (VALUES (7)) AS t(id)");
    assertThat(
            rows(
                connection,
                "SELECT DEPENDS_ON, KIND, ORIGIN FROM SYS.DEPENDENCIES WHERE TABLE_NAME = 'EXT_REPORT'"
                    + " ORDER BY DEPENDS_ON"))
        .containsExactly(
            List.of("EXT_CUSTOMERS", "TABLE", "SQL"),
            List.of("EXT_ORDERS", "TABLE", "SQL"),
            List.of("EXT_RETURNS", "TABLE", "SQL"));
    assertThat(rows(connection, "SELECT WAVE FROM SYS.TABLES WHERE TABLE_NAME = 'EXT_REPORT'"))
        .containsExactly(List.of(2));
    assertThat(rows(connection, "SELECT id FROM ext_report ORDER BY id"))
        .containsExactly(List.of(2), List.of(3), List.of(7));
  }

  @Test
  void explicitDependsOnIsAddedToExtractedOnes() throws Exception {
    executeBatch(
        connection,
        "CREATE TABLE dep_late WITH ('depends_on' = 'dep_early') AS SELECT * FROM (VALUES (1)) AS t(x)",
        "CREATE TABLE dep_early AS SELECT * FROM (VALUES (2)) AS t(x)");
    assertThat(
            rows(
                connection,
                "SELECT DEPENDS_ON, ORIGIN FROM SYS.DEPENDENCIES WHERE TABLE_NAME = 'DEP_LATE'"))
        .containsExactly(List.of("DEP_EARLY", "EXPLICIT"));
    assertThat(rows(connection, "SELECT WAVE FROM SYS.TABLES WHERE TABLE_NAME = 'DEP_LATE'"))
        .containsExactly(List.of(2));
  }

  @Test
  void diamondLoadsBothMiddleTablesAtTheSameTime() throws Exception {
    createThousand("dia_a");
    int[] counts =
        executeBatch(
            server.connectWithParallelism(4),
            "CREATE TABLE dia_d AS SELECT COUNT(*) AS n FROM dia_b b JOIN dia_c c ON b.v = c.v",
            "CREATE TABLE dia_b AS " + slowQuery("dia_a"),
            "CREATE TABLE dia_c AS " + slowQuery("dia_a"));
    long batch = lastBatchId(connection);
    long slowRows = scalarLong(connection, "SELECT COUNT(*) FROM dia_b");
    assertThat(counts).containsExactly(1, (int) slowRows, (int) slowRows);
    assertThat(scalarLong(connection, "SELECT n FROM dia_d")).isEqualTo(slowRows);
    Map<String, Interval> intervals = intervals(batch);
    assertThat(intervals.get("DIA_B").overlaps(intervals.get("DIA_C")))
        .as("B and C load at the same time: %s", intervals)
        .isTrue();
    assertThat(intervals.get("DIA_D").start())
        .isGreaterThanOrEqualTo(
            Math.max(intervals.get("DIA_B").end(), intervals.get("DIA_C").end()));
  }

  @Test
  void aSlowTableOfTheFirstWaveDoesNotHoldBackTheSecondWave() throws Exception {
    createThousand("nb_src");
    try (Connection wide = server.connectWithParallelism(4)) {
      executeBatch(
          wide,
          "CREATE TABLE nb_slow AS " + slowQuery("nb_src"),
          "CREATE TABLE nb_fast AS SELECT x FROM nb_src WHERE x < 10",
          "CREATE TABLE nb_next AS SELECT COUNT(*) AS n FROM nb_fast");
    }
    long batch = lastBatchId(connection);
    Map<String, Interval> intervals = intervals(batch);
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, WAVE FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batch
                    + " ORDER BY STATEMENT_INDEX"))
        .containsExactly(List.of("NB_SLOW", 1), List.of("NB_FAST", 1), List.of("NB_NEXT", 2));
    assertThat(intervals.get("NB_NEXT").start())
        .as("the wave-2 table starts while the slow wave-1 table still loads: %s", intervals)
        .isLessThan(intervals.get("NB_SLOW").end());
  }

  @Test
  void joinsRunWhereTheyRunBest() throws Exception {
    executeBatch(
        connection,
        "CREATE TABLE jp_a AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(id, name)",
        "CREATE TABLE jp_b AS SELECT * FROM (VALUES (1, 10), (2, 20)) AS t(id, amount)");
    StringBuilder plan = new StringBuilder();
    for (List<Object> row :
        rows(
            connection,
            "EXPLAIN PLAN FOR SELECT a.name, b.amount FROM jp_a a JOIN jp_b b ON a.id = b.id")) {
      plan.append(row.get(0)).append('\n');
    }
    if (pushesJoinsDown()) {
      assertThat(plan.toString()).contains("JdbcJoin");
    } else {
      assertThat(plan.toString())
          .doesNotContain("JdbcJoin")
          .containsPattern("Enumerable(Hash|Merge)Join");
    }
    execute(
        connection,
        "CREATE TABLE jp_joined AS SELECT a.name, b.amount FROM jp_a a JOIN jp_b b ON a.id = b.id");
    assertThat(rows(connection, "SELECT name, amount FROM jp_joined ORDER BY name"))
        .containsExactly(List.of("a", 10), List.of("b", 20));
  }

  @Test
  void cancelBatchFromAnotherConnectionStopsTheBatchAndLeavesNothingHalfBuilt() throws Exception {
    createThousand("cx_src");
    CompletableFuture<Throwable> failure = new CompletableFuture<>();
    Thread loader =
        new Thread(
            () -> {
              try (Connection own = server.connectWithParallelism(1)) {
                executeBatch(
                    own,
                    "CREATE TABLE cx_slow AS "
                        + slowQuery("cx_src")
                        + " UNION ALL "
                        + slowQuery("cx_src")
                        + " UNION ALL "
                        + slowQuery("cx_src")
                        + " UNION ALL "
                        + slowQuery("cx_src"),
                    "CREATE TABLE cx_after AS SELECT COUNT(*) AS n FROM cx_slow");
                failure.complete(null);
              } catch (Throwable e) {
                failure.complete(e);
              }
            });
    loader.start();
    long batch = 0;
    for (int i = 0; i < 500 && batch == 0; i++) {
      List<List<Object>> running =
          rows(
              connection,
              "SELECT BATCH_ID FROM SYS.BATCH_TABLES"
                  + " WHERE TABLE_NAME = 'CX_SLOW' AND STATUS = 'LOADING'");
      if (!running.isEmpty()) {
        batch = ((Number) running.get(0).get(0)).longValue();
      } else {
        Thread.sleep(10);
      }
    }
    assertThat(batch).as("the slow table started loading").isPositive();
    long started = System.nanoTime();
    execute(connection, "CANCEL BATCH " + batch);
    Throwable thrown = failure.get(60, TimeUnit.SECONDS);
    long stopMillis = (System.nanoTime() - started) / 1_000_000;
    System.out.printf("%s: CANCEL BATCH stopped the running batch in %d ms%n", store(), stopMillis);
    assertThat(thrown).isInstanceOf(SQLException.class).hasMessageContaining("cancel");
    assertThat(((SQLException) thrown).getSQLState()).isEqualTo("57014");
    assertThat(rows(connection, "SELECT STATUS FROM SYS.BATCHES WHERE BATCH_ID = " + batch))
        .containsExactly(List.of("CANCELLED"));
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATUS FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batch
                    + " ORDER BY STATEMENT_INDEX"))
        .containsExactly(List.of("CX_SLOW", "CANCELLED"), List.of("CX_AFTER", "CANCELLED"));
    assertThat(
            rows(
                connection, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME IN ('CX_SLOW', 'CX_AFTER')"))
        .isEmpty();
    assertThat(stopMillis).as("stopping took %d ms", stopMillis).isLessThan(30_000);
    long cancelled = batch;
    SQLException ended =
        catchThrowableOfType(
            SQLException.class, () -> execute(connection, "CANCEL BATCH " + cancelled));
    assertThat(ended.getSQLState()).isEqualTo("55000");
    assertThat(ended.getMessage()).contains("it is CANCELLED");
    SQLException unknown =
        catchThrowableOfType(
            SQLException.class, () -> execute(connection, "CANCEL BATCH 987654321"));
    assertThat(unknown.getSQLState()).isEqualTo("42704");
    assertThat(unknown.getMessage()).contains("batch 987654321: it does not exist");
  }

  @Test
  void statementCancelFromAnotherThreadStopsTheRunningBatch() throws Exception {
    createThousand("sc_src");
    try (Connection own = server.connectWithParallelism(1);
        Statement statement = own.createStatement()) {
      statement.addBatch(
          "CREATE TABLE sc_slow AS "
              + slowQuery("sc_src")
              + " UNION ALL "
              + slowQuery("sc_src")
              + " UNION ALL "
              + slowQuery("sc_src")
              + " UNION ALL "
              + slowQuery("sc_src"));
      statement.addBatch("CREATE TABLE sc_after AS SELECT COUNT(*) AS n FROM sc_slow");
      CompletableFuture<Throwable> failure =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  statement.executeBatch();
                  return null;
                } catch (Throwable e) {
                  return e;
                }
              });
      long batch = 0;
      for (int i = 0; i < 500 && batch == 0; i++) {
        List<List<Object>> running =
            rows(
                connection,
                "SELECT BATCH_ID FROM SYS.BATCH_TABLES"
                    + " WHERE TABLE_NAME = 'SC_SLOW' AND STATUS = 'LOADING'");
        if (!running.isEmpty()) {
          batch = ((Number) running.get(0).get(0)).longValue();
        } else {
          Thread.sleep(10);
        }
      }
      assertThat(batch).as("the slow table started loading").isPositive();
      long started = System.nanoTime();
      statement.cancel();
      Throwable thrown = failure.get(60, TimeUnit.SECONDS);
      long stopMillis = (System.nanoTime() - started) / 1_000_000;
      System.out.printf(
          "%s: Statement.cancel() stopped the running batch in %d ms%n", store(), stopMillis);
      assertThat(thrown).isInstanceOf(BatchUpdateException.class).hasMessageContaining("cancel");
      assertThat(((BatchUpdateException) thrown).getUpdateCounts())
          .containsExactly(Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED);
      assertThat(rows(connection, "SELECT STATUS FROM SYS.BATCHES WHERE BATCH_ID = " + batch))
          .containsExactly(List.of("CANCELLED"));
      assertThat(
              rows(
                  connection,
                  "SELECT * FROM SYS.TABLES WHERE TABLE_NAME IN ('SC_SLOW', 'SC_AFTER')"))
          .isEmpty();
      assertThat(stopMillis).as("stopping took %d ms", stopMillis).isLessThan(30_000);
      statement.cancel();
    }
  }

  @Test
  void parallelismBoundsHowManyTablesOfABatchLoadAtOnce() throws Exception {
    createThousand("par_src");
    String[] statements = new String[6];
    for (int i = 0; i < statements.length; i++) {
      statements[i] = "CREATE TABLE par_" + i + " AS " + slowQuery("par_src");
    }
    try (Connection limited = server.connectWithParallelism(2)) {
      executeBatch(limited, statements);
    }
    long batch = lastBatchId(connection);
    List<Interval> intervals = new ArrayList<>(intervals(batch).values());
    assertThat(intervals).hasSize(6);
    assertThat(maxConcurrent(intervals))
        .as("most tables loading at once: %s", intervals)
        .isEqualTo(2);
    assertThat(
            scalarLong(connection, "SELECT PARALLELISM FROM SYS.BATCHES WHERE BATCH_ID = " + batch))
        .isEqualTo(2);
  }

  private static int maxConcurrent(List<Interval> intervals) {
    List<long[]> events = new ArrayList<>();
    for (Interval interval : intervals) {
      events.add(new long[] {interval.start(), 1});
      events.add(new long[] {interval.end(), -1});
    }
    events.sort((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0]) : Long.compare(x[1], y[1]));
    int current = 0;
    int max = 0;
    for (long[] event : events) {
      current += (int) event[1];
      max = Math.max(max, current);
    }
    return max;
  }

  @Test
  void cycleIsRejectedWithItsPathAndNothingIsCreated() throws Exception {
    long tablesBefore = scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES");
    long batchesBefore = scalarLong(connection, "SELECT COUNT(*) FROM SYS.BATCHES");
    assertThatThrownBy(
            () ->
                executeBatch(
                    connection,
                    "CREATE TABLE cy_ok AS SELECT * FROM (VALUES (1)) AS t(x)",
                    "CREATE TABLE cy_a AS SELECT * FROM cy_b",
                    "CREATE TABLE cy_b AS SELECT * FROM cy_c",
                    "CREATE TABLE cy_c AS SELECT * FROM cy_a"))
        .isInstanceOf(BatchUpdateException.class)
        .hasMessageContaining("circular")
        .hasMessageContaining("CY_A -> CY_B -> CY_C -> CY_A")
        .satisfies(
            e ->
                assertThat(((BatchUpdateException) e).getUpdateCounts())
                    .containsExactly(
                        Statement.EXECUTE_FAILED,
                        Statement.EXECUTE_FAILED,
                        Statement.EXECUTE_FAILED,
                        Statement.EXECUTE_FAILED));
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES")).isEqualTo(tablesBefore);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.BATCHES")).isEqualTo(batchesBefore);
    assertThatThrownBy(() -> rows(connection, "SELECT * FROM cy_ok"))
        .isInstanceOf(SQLException.class);
  }

  @Test
  void missingTableIsRejectedNamingBothTables() {
    assertThatThrownBy(
            () -> executeBatch(connection, "CREATE TABLE miss_a AS SELECT * FROM miss_nowhere"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("missing")
        .hasMessageContaining("MISS_A")
        .hasMessageContaining("MISS_NOWHERE");
  }

  @Test
  void emptyBatchReturnsNoCounts() throws Exception {
    try (Statement statement = connection.createStatement()) {
      assertThat(statement.executeBatch()).isEmpty();
    }
  }

  /** A query that takes {@code times} as long as {@link #slowQuery}. */
  private String slowQuery(String source, int times) {
    return String.join(" UNION ALL ", Collections.nCopies(times, slowQuery(source)));
  }

  @Test
  void tableTimeoutFailsTheTableSkipsItsDependentsAndLetsTheOthersLoad() throws Exception {
    createThousand("to_src");
    long started = System.nanoTime();
    BatchUpdateException failure = null;
    try {
      executeBatch(
          connection,
          "CREATE TABLE to_slow WITH ('timeout' = '300ms') AS " + slowQuery("to_src", 4),
          "CREATE TABLE to_after AS SELECT COUNT(*) AS n FROM to_slow",
          "CREATE TABLE to_other AS SELECT COUNT(*) AS n FROM to_src");
    } catch (BatchUpdateException e) {
      failure = e;
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertThat((Throwable) failure).as("the batch must throw BatchUpdateException").isNotNull();
    long batch = lastBatchId(connection);
    assertThat(failure.getUpdateCounts())
        .containsExactly(Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED, 1);
    assertThat(failure.getMessage())
        .contains("TO_SLOW failed: timed out after 300 ms (its 'timeout' property)")
        .contains("TO_AFTER was skipped because table TO_SLOW did not load");
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATUS, ERROR_MESSAGE, SKIPPED_BECAUSE FROM SYS.BATCH_TABLES"
                    + " WHERE BATCH_ID = "
                    + batch
                    + " ORDER BY STATEMENT_INDEX"))
        .containsExactly(
            Arrays.asList(
                "TO_SLOW", "FAILED", "timed out after 300 ms (its 'timeout' property)", null),
            Arrays.asList(
                "TO_AFTER", "SKIPPED", "skipped because table TO_SLOW did not load", "TO_SLOW"),
            Arrays.asList("TO_OTHER", "SUCCEEDED", null, null));
    assertThat(rows(connection, "SELECT STATUS FROM SYS.BATCHES WHERE BATCH_ID = " + batch))
        .containsExactly(List.of("PARTIAL"));
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME FROM SYS.TABLES WHERE TABLE_NAME LIKE 'TO\\_%' ESCAPE '\\'"
                    + " ORDER BY 1"))
        .containsExactly(List.of("TO_OTHER"), List.of("TO_SRC"), List.of("TO_SRC_D"));
    System.out.printf("%s: a 300 ms table timeout ended the batch after %d ms%n", store(), millis);
    assertThat(millis).as("the timed-out load stopped within seconds").isLessThan(30_000);
  }

  @Test
  void queryTimeoutOfTheStatementLimitsTheWholeBatch() throws Exception {
    createThousand("qt_src");
    try (Connection own = server.connectWithParallelism(1);
        Statement statement = own.createStatement()) {
      statement.setQueryTimeout(1);
      statement.addBatch("CREATE TABLE qt_slow AS " + slowQuery("qt_src", 16));
      statement.addBatch("CREATE TABLE qt_after AS SELECT COUNT(*) AS n FROM qt_slow");
      statement.addBatch("CREATE TABLE qt_waiting AS SELECT COUNT(*) AS n FROM qt_src");
      assertThatThrownBy(statement::executeBatch)
          .isInstanceOf(BatchUpdateException.class)
          .hasMessageContaining(
              "QT_SLOW failed: timed out after 1 s (the statement's query timeout)")
          .hasMessageContaining("QT_AFTER was skipped because table QT_SLOW did not load")
          .hasMessageContaining(
              "QT_WAITING was cancelled: not started: the batch timed out after 1 s");
      long batch = lastBatchId(connection);
      assertThat(
              rows(
                  connection,
                  "SELECT TABLE_NAME, STATUS FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                      + batch
                      + " ORDER BY STATEMENT_INDEX"))
          .containsExactly(
              List.of("QT_SLOW", "FAILED"),
              List.of("QT_AFTER", "SKIPPED"),
              List.of("QT_WAITING", "CANCELLED"));
      assertThat(
              rows(
                  connection,
                  "SELECT * FROM SYS.TABLES WHERE TABLE_NAME IN ('QT_SLOW', 'QT_AFTER', 'QT_WAITING')"))
          .isEmpty();

      statement.setQueryTimeout(0);
      statement.addBatch("CREATE TABLE qt_unlimited AS SELECT COUNT(*) AS n FROM qt_src");
      assertThat(statement.executeBatch()).containsExactly(1);
    }
  }

  @Test
  void longNamesThatStartAlikeAreDifferentTables() throws Exception {
    String start = "quarterly_revenue_by_region_and_product_line_for_the_finance_team_";
    executeBatch(
        connection,
        "CREATE TABLE " + start + "east AS SELECT * FROM (VALUES (1)) AS t(x)",
        "CREATE TABLE " + start + "west AS SELECT x + 1 AS x FROM " + start + "east");
    assertThat(scalarLong(connection, "SELECT x FROM " + start + "east")).isEqualTo(1);
    assertThat(scalarLong(connection, "SELECT x FROM " + start + "west")).isEqualTo(2);
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME FROM SYS.TABLES WHERE TABLE_NAME LIKE 'QUARTERLY%' ORDER BY 1"))
        .containsExactly(
            List.of((start + "east").toUpperCase()), List.of((start + "west").toUpperCase()));
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
          "CREATE TABLE fail_dep2 AS SELECT n FROM fail_dep",
          "CREATE TABLE fail_other AS SELECT id * 10 AS id FROM fail_base");
    } catch (BatchUpdateException e) {
      failure = e;
    }
    assertThat((Throwable) failure).as("the batch must throw BatchUpdateException").isNotNull();
    long batch = lastBatchId(connection);
    assertThat(failure.getUpdateCounts())
        .containsExactly(
            2, Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED, 2);
    assertThat(failure.getMessage())
        .contains("batch " + batch)
        .contains("FAIL_BAD failed")
        .contains("FAIL_DEP was skipped because table FAIL_BAD")
        .contains("FAIL_DEP2 was skipped because table FAIL_BAD");
    List<List<Object>> expectedStatuses =
        List.of(
            Arrays.asList("FAIL_OK", "SUCCEEDED", null),
            Arrays.asList("FAIL_BAD", "FAILED", null),
            Arrays.asList("FAIL_DEP", "SKIPPED", "FAIL_BAD"),
            Arrays.asList("FAIL_DEP2", "SKIPPED", "FAIL_BAD"),
            Arrays.asList("FAIL_OTHER", "SUCCEEDED", null));
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATUS, SKIPPED_BECAUSE FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batch
                    + " ORDER BY STATEMENT_INDEX"))
        .isEqualTo(expectedStatuses);
    assertThat(
            rows(
                connection,
                "SELECT STATUS, SUCCEEDED, FAILED, SKIPPED FROM SYS.BATCHES WHERE BATCH_ID = "
                    + batch))
        .containsExactly(List.of("PARTIAL", 2, 1, 2));
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME FROM SYS.TABLES WHERE TABLE_NAME LIKE 'FAIL_%' ORDER BY 1"))
        .containsExactly(List.of("FAIL_BASE"), List.of("FAIL_OK"), List.of("FAIL_OTHER"));
    assertThat(
            rows(
                    connection,
                    "SELECT ERROR_MESSAGE FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                        + batch
                        + " AND TABLE_NAME = 'FAIL_BAD'")
                .get(0)
                .get(0))
        .asString()
        .isNotBlank();
  }

  @Test
  void orReplaceSwapsAtomicallyWhileAReaderQueriesTheOldTable() throws Exception {
    execute(
        connection,
        "CREATE TABLE swap_t AS SELECT x, 0 AS version FROM (VALUES (1), (2), (3)) AS t(x)");
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Long> seenVersions = new ConcurrentLinkedQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (Connection readerConnection = server.connect()) {
                while (!stop.get()) {
                  List<List<Object>> result =
                      rows(
                          readerConnection,
                          "SELECT COUNT(*), MIN(version), MAX(version) FROM swap_t");
                  long count = ((Number) result.get(0).get(0)).longValue();
                  long min = ((Number) result.get(0).get(1)).longValue();
                  long max = ((Number) result.get(0).get(2)).longValue();
                  if (min != max || count != 3 + min) {
                    problems.add(
                        "inconsistent read: count " + count + ", versions " + min + ".." + max);
                  }
                  seenVersions.add(min);
                }
              } catch (Exception e) {
                problems.add("reader failed: " + e);
              }
            });
    reader.start();
    StringBuilder values = new StringBuilder("(1), (2), (3)");
    for (int version = 1; version <= 5; version++) {
      values.append(", (").append(3 + version).append(')');
      execute(
          connection,
          "CREATE OR REPLACE TABLE swap_t AS SELECT x, "
              + version
              + " AS version FROM (VALUES "
              + values
              + ") AS t(x)");
    }
    Thread.sleep(200);
    stop.set(true);
    reader.join(30_000);
    assertThat(problems).isEmpty();
    assertThat(seenVersions).isNotEmpty();
    assertThat(rows(connection, "SELECT COUNT(*), MIN(version) FROM swap_t"))
        .containsExactly(List.of(8L, 5));
    assertThat(
            rows(
                connection,
                "SELECT STATUS, HEALTH, ROW_COUNT FROM SYS.TABLES WHERE TABLE_NAME = 'SWAP_T'"))
        .containsExactly(List.of("ACTIVE", "HEALTHY", 8L));
  }

  @Test
  void ifNotExistsKeepsTheExistingTableAndPlainCreateIsRejected() throws Exception {
    execute(connection, "CREATE TABLE keep_t AS SELECT * FROM (VALUES (1), (2)) AS t(x)");
    try (Statement statement = connection.createStatement()) {
      assertThat(
              statement.executeUpdate(
                  "CREATE TABLE IF NOT EXISTS keep_t AS SELECT * FROM (VALUES (7), (8), (9)) AS t(x)"))
          .isZero();
    }
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM keep_t")).isEqualTo(2);
    assertThatThrownBy(
            () -> execute(connection, "CREATE TABLE keep_t AS SELECT * FROM (VALUES (5)) AS t(x)"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("KEEP_T")
        .hasMessageContaining("exists");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM keep_t")).isEqualTo(2);
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
    assertThatThrownBy(() -> execute(connection, "DROP TABLE drop_a RESTRICT"))
        .isInstanceOf(SQLException.class);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM drop_a")).isEqualTo(1);
    execute(connection, "DROP TABLE drop_a CASCADE");
    assertThat(rows(connection, "SELECT TABLE_NAME FROM SYS.TABLES WHERE TABLE_NAME LIKE 'DROP_%'"))
        .isEmpty();
    assertThat(rows(connection, "SELECT * FROM SYS.DEPENDENCIES WHERE TABLE_NAME LIKE 'DROP_%'"))
        .isEmpty();
    execute(connection, "DROP TABLE IF EXISTS drop_a");
    assertThatThrownBy(() -> execute(connection, "DROP TABLE drop_a"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void multiStatementScriptRunsAsOneBatch() throws Exception {
    execute(
        connection,
        "CREATE TABLE script_b AS SELECT x * 2 AS y FROM script_a;\n"
            + "CREATE TABLE script_a AS SELECT * FROM (VALUES (1), (2)) AS t(x);");
    long batch = lastBatchId(connection);
    assertThat(
            scalarLong(connection, "SELECT TABLE_COUNT FROM SYS.BATCHES WHERE BATCH_ID = " + batch))
        .isEqualTo(2);
    assertThat(rows(connection, "SELECT y FROM script_b ORDER BY y"))
        .containsExactly(List.of(2), List.of(4));
  }

  @Test
  void manualCommitModeQueuesStatementsUntilCommitAndRollbackDiscardsThem() throws Exception {
    try (Connection manual = server.connect()) {
      assertThat(manual.getMetaData().supportsTransactions()).isTrue();
      manual.setAutoCommit(false);
      assertThat(manual.getAutoCommit()).isFalse();
      execute(manual, "CREATE TABLE tx_b AS SELECT x + 1 AS x FROM tx_a");
      execute(manual, "CREATE TABLE tx_a AS SELECT * FROM (VALUES (1), (2), (3)) AS t(x)");
      assertThat(rows(connection, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME LIKE 'TX_%'"))
          .isEmpty();
      manual.commit();
      long batch = lastBatchId(connection);
      assertThat(
              scalarLong(
                  connection, "SELECT TABLE_COUNT FROM SYS.BATCHES WHERE BATCH_ID = " + batch))
          .isEqualTo(2);
      assertThat(scalarLong(connection, "SELECT SUM(x) FROM tx_b")).isEqualTo(9);

      execute(manual, "CREATE TABLE tx_discarded AS SELECT * FROM tx_a");
      manual.rollback();
      manual.commit();
      assertThat(rows(connection, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME = 'TX_DISCARDED'"))
          .isEmpty();
    }
  }

  @Test
  void beginEndBlockRunsAsOneBatch() throws Exception {
    execute(
        connection,
        "BEGIN\n"
            + "  CREATE TABLE block_b AS SELECT COUNT(*) AS n FROM block_a;\n"
            + "  CREATE TABLE block_a AS SELECT * FROM (VALUES (1), (2), (3), (4)) AS t(x);\n"
            + "END");
    long batch = lastBatchId(connection);
    assertThat(
            scalarLong(connection, "SELECT TABLE_COUNT FROM SYS.BATCHES WHERE BATCH_ID = " + batch))
        .isEqualTo(2);
    assertThat(scalarLong(connection, "SELECT n FROM block_b")).isEqualTo(4);
  }

  @Test
  void explainPlansABatchWithoutRunningIt() throws Exception {
    List<List<Object>> plan =
        rows(
            connection,
            "EXPLAIN CREATE TABLE exp_b AS SELECT * FROM exp_a;"
                + " CREATE TABLE exp_a AS SELECT * FROM (VALUES (1)) AS t(x)");
    assertThat(plan)
        .containsExactly(
            Arrays.asList(0, "EXP_B", "CREATE", 2, "EXP_A", null, null),
            Arrays.asList(1, "EXP_A", "CREATE", 1, null, null, null));
    assertThat(rows(connection, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME LIKE 'EXP_%'"))
        .isEmpty();
  }

  @Test
  void generatedDagOfFiveHundredTablesLoadsCorrectly() throws Exception {
    int size = 500;
    Random random = new Random(42);
    List<long[]> deps = new ArrayList<>();
    long[] expected = new long[size];
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (i < 10 || random.nextInt(5) == 0) {
        deps.add(new long[0]);
        expected[i] = i;
        statements.add(
            "CREATE TABLE dag_"
                + i
                + " AS SELECT CAST("
                + i
                + " AS BIGINT) AS v FROM (VALUES (0)) AS t(z)");
      } else {
        int a = random.nextInt(i);
        int b = random.nextInt(i);
        expected[i] = i + expected[a] + expected[b];
        statements.add(
            "CREATE TABLE dag_"
                + i
                + " AS SELECT "
                + i
                + " + a.v + b.v AS v FROM dag_"
                + a
                + " a CROSS JOIN dag_"
                + b
                + " b");
      }
    }
    Collections.shuffle(statements, random);
    int[] counts = executeBatch(connection, statements.toArray(new String[0]));
    assertThat(counts).hasSize(size).containsOnly(1);
    Map<Integer, Long> actual = new HashMap<>();
    for (int i = 0; i < size; i++) {
      actual.put(i, scalarLong(connection, "SELECT v FROM dag_" + i));
    }
    for (int i = 0; i < size; i++) {
      assertThat(actual.get(i)).as("dag_%s", i).isEqualTo(expected[i]);
    }
  }
}
