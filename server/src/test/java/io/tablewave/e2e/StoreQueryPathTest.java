package io.tablewave.e2e;

import static io.tablewave.testing.Sql.createDigits;
import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.numbersFrom;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.store.StoreSettings;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A plain query over store tables runs the first time through Calcite and from then on as one
 * statement in the store whose rows stream to the client: every later run of the same text reads
 * the same columns (names, types, precision, nullability) and the same values, over any fetch size
 * and row limit, through the Tablewave driver and Avatica's own; and a table loaded again is read
 * again, not the plan of the table it replaced.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreQueryPathTest {
  private static final int ROWS = 2_345;
  private static final List<String> QUERIES =
      List.of(
          "SELECT * FROM path_types ORDER BY id",
          "SELECT id, label FROM path_types WHERE id = 1234",
          "SELECT MOD(id, 7) AS g, COUNT(*) AS n, SUM(exact) AS total, AVG(ratio) AS a,"
              + " MAX(label) AS m, MIN(small) AS lo FROM path_types GROUP BY MOD(id, 7) ORDER BY g",
          "SELECT t.id, d.d, t.even FROM path_types t JOIN path_digits d ON MOD(t.id, 10) = d.d"
              + " WHERE t.id < 50 ORDER BY t.id",
          "SELECT COUNT(*) FROM path_types WHERE label IS NULL");

  /** Leaves the statement's fetch size as the driver sets it. */
  private static final int DEFAULT_FETCH_SIZE = -1;

  private TestServer server;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(TestStore.DUCKDB);
    try (Connection connection = server.connect()) {
      createDigits(connection, "path_digits");
      execute(
          connection,
          "CREATE TABLE path_types AS SELECT id,"
              + " CASE WHEN MOD(id, 11) = 0 THEN NULL ELSE CAST(id - 1000 AS INTEGER) END AS small,"
              + " CASE WHEN MOD(id, 19) = 0 THEN NULL"
              + " ELSE CAST(id AS BIGINT) * 1000000007 - 5000000000 END AS big,"
              + " CASE WHEN MOD(id, 5) = 0 THEN NULL ELSE CAST(id AS DOUBLE PRECISION) / 7 - 100 END"
              + " AS ratio,"
              + " CASE WHEN MOD(id, 17) = 0 THEN NULL ELSE CAST(id AS DECIMAL(12, 2)) / 4 END AS exact,"
              + " CASE WHEN MOD(id, 3) = 0 THEN NULL ELSE 'r\u00e9sum\u00e9 #' || CAST(id AS VARCHAR(10)) END AS label,"
              + " CASE WHEN MOD(id, 13) = 0 THEN NULL ELSE MOD(id, 2) = 0 END AS even"
              + " FROM "
              + numbersFrom("path_digits")
              + " WHERE id < "
              + ROWS);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /**
   * Every run reads what the first read, whatever the fetch size; 0, which JDBC defines as no hint,
   * reads every row too (the server answers its fetches with full frames, not empty final ones).
   */
  @Test
  void everyRunOfAQueryReadsWhatTheFirstRead() throws Exception {
    try (Connection connection = server.connect()) {
      for (String query : QUERIES) {
        Result first = read(connection, query, DEFAULT_FETCH_SIZE, 0);
        assertThat(first.rows()).as(query).isNotEmpty();
        for (int fetchSize : new int[] {0, 1, 7, 1000}) {
          assertThat(read(connection, query, fetchSize, 0))
              .as("%s, fetch size %d", query, fetchSize)
              .isEqualTo(first);
        }
      }
      Result all = read(connection, QUERIES.get(0), DEFAULT_FETCH_SIZE, 0);
      assertThat(all.rows()).hasSize(ROWS);
      assertThat(all.rows().get(1))
          .containsExactly(
              "Integer:1",
              "Integer:-999",
              "Long:-3999999993",
              "Double:" + (1.0 / 7 - 100),
              "BigDecimal:0.250000",
              "String:r\u00e9sum\u00e9 #1",
              "Boolean:false");
      assertThat(all.rows().get(3).get(5)).isNull();
    }
  }

  /**
   * A fetch size larger than a frame holds: a result of 80 columns and 10,000 rows (800,000 values,
   * four times what the server puts in one frame) asked for all at once comes in several frames and
   * reads as it does 1,000 rows at a time, every row once.
   */
  @Test
  void aFetchSizeLargerThanAFrameHoldsReadsEveryRowOnce() throws Exception {
    StringBuilder columns = new StringBuilder("id");
    for (int c = 1; c < 80; c++) {
      columns.append(", id * ").append(c).append(" AS c").append(c);
    }
    try (Connection connection = server.connect()) {
      execute(
          connection,
          "CREATE TABLE path_wide AS SELECT " + columns + " FROM " + numbersFrom("path_digits"));
      String query = "SELECT * FROM path_wide ORDER BY id";
      Result inFrames = read(connection, query, 1_000, 0);
      Result atOnce = read(connection, query, 1_000_000, 0);
      assertThat(atOnce.rows()).hasSize(10_000);
      assertThat(atOnce).isEqualTo(inFrames);
      assertThat(atOnce.rows().get(9_999).get(79)).isEqualTo("Integer:" + 9_999 * 79);
    }
  }

  /**
   * A result closed part way, while its next frame is being read ahead, ends that read and gives
   * its store connection back: three times as many such results as the store's pool holds
   * connections, then a query that needs one, answer as they should.
   */
  @Test
  void resultsClosedWhileTheirNextFrameIsReadAheadGiveTheirStoreConnectionsBack() throws Exception {
    String query = "SELECT * FROM path_types ORDER BY id";
    try (Connection connection = server.connect()) {
      for (int i = 0; i < 3 * StoreSettings.DEFAULT_MAX_POOL_SIZE; i++) {
        try (Statement statement = connection.createStatement()) {
          statement.setFetchSize(100);
          try (ResultSet rows = statement.executeQuery(query)) {
            // the first frame, then one fetched: the frame after it is read ahead meanwhile
            for (int row = 0; row < 150; row++) {
              assertThat(rows.next()).isTrue();
              assertThat(rows.getInt(1)).isEqualTo(row);
            }
          }
        }
      }
      assertThat(read(connection, query, 500, 0).rows()).hasSize(ROWS);
    }
  }

  @Test
  void aRowLimitHoldsOnEveryRun() throws Exception {
    try (Connection connection = server.connect()) {
      String query = "SELECT id, label FROM path_types ORDER BY id DESC";
      Result whole = read(connection, query, DEFAULT_FETCH_SIZE, 0);
      for (int run = 0; run < 2; run++) {
        Result limited = read(connection, query, 3, 10);
        assertThat(limited.rows()).hasSize(10).isEqualTo(whole.rows().subList(0, 10));
        assertThat(read(connection, query, DEFAULT_FETCH_SIZE, 0)).isEqualTo(whole);
      }
    }
  }

  @Test
  void avaticasOwnDriverReadsTheSameOnEveryRun() throws Exception {
    String url =
        "jdbc:avatica:remote:url="
            + server.url().replace("jdbc:tablewave://", "http://")
            + ";serialization=protobuf";
    List<Result> ours = new ArrayList<>();
    try (Connection connection = server.connect()) {
      for (String query : QUERIES) {
        ours.add(read(connection, query, DEFAULT_FETCH_SIZE, 0));
      }
    }
    try (Connection connection =
        new org.apache.calcite.avatica.remote.Driver().connect(url, new Properties())) {
      for (int run = 0; run < 2; run++) {
        for (int i = 0; i < QUERIES.size(); i++) {
          Result avatica = read(connection, QUERIES.get(i), DEFAULT_FETCH_SIZE, 0);
          assertThat(avatica.rows()).as(QUERIES.get(i)).isEqualTo(ours.get(i).rows());
        }
      }
    }
  }

  @Test
  void aTableLoadedAgainIsReadAgain() throws Exception {
    try (Connection connection = server.connect()) {
      execute(connection, "CREATE TABLE path_again AS SELECT 1 AS x, 'one' AS name");
      String query = "SELECT x, name FROM path_again";
      for (int run = 0; run < 2; run++) {
        assertThat(read(connection, query, DEFAULT_FETCH_SIZE, 0).rows())
            .containsExactly(List.of("Integer:1", "String:one"));
      }
      execute(connection, "CREATE OR REPLACE TABLE path_again AS SELECT 2 AS x, 'two' AS name");
      for (int run = 0; run < 2; run++) {
        assertThat(read(connection, query, DEFAULT_FETCH_SIZE, 0).rows())
            .containsExactly(List.of("Integer:2", "String:two"));
      }
      execute(connection, "DROP TABLE path_again");
      try (Statement statement = connection.createStatement()) {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> statement.executeQuery(query))
            .hasMessageContaining("PATH_AGAIN");
      }
    }
  }

  @Test
  void aQueryOfSystemTablesShowsTheCurrentRowsOnEveryRunAndATableLoadedAgainWithNewColumns()
      throws Exception {
    try (Connection connection = server.connect()) {
      String count = "SELECT COUNT(*) FROM SYS.TABLES WHERE TABLE_NAME LIKE 'PATH_SYS%'";
      String joined =
          "SELECT t.*, s.HEALTH FROM path_sys_a t JOIN SYS.TABLES s ON s.TABLE_NAME = 'PATH_SYS_A'";
      execute(connection, "CREATE TABLE path_sys_a AS SELECT 1 AS x");
      for (int run = 0; run < 2; run++) {
        assertThat(read(connection, count, DEFAULT_FETCH_SIZE, 0).rows())
            .containsExactly(List.of("Long:1"));
        assertThat(read(connection, joined, DEFAULT_FETCH_SIZE, 0).rows())
            .containsExactly(List.of("Integer:1", "String:HEALTHY"));
      }
      execute(connection, "CREATE TABLE path_sys_b AS SELECT 2 AS y");
      execute(connection, "CREATE OR REPLACE TABLE path_sys_a AS SELECT 3 AS x, 'three' AS name");
      for (int run = 0; run < 2; run++) {
        assertThat(read(connection, count, DEFAULT_FETCH_SIZE, 0).rows())
            .containsExactly(List.of("Long:2"));
        Result result = read(connection, joined, DEFAULT_FETCH_SIZE, 0);
        assertThat(result.columns()).hasSize(3);
        assertThat(result.rows())
            .containsExactly(List.of("Integer:3", "String:three", "String:HEALTHY"));
      }
    }
  }

  /**
   * {@code SELECT *} of a system table is answered from the table's rows without Calcite from its
   * second run on: every run reads what a query Calcite runs reads (the same columns, values and
   * classes, timestamps included), shows tables created since, and holds its row limit.
   */
  @Test
  void aSystemTableReadWholeShowsWhatCalciteShowsOnEveryRun() throws Exception {
    String whole = "SELECT * FROM SYS.TABLES";
    String throughCalcite = "SELECT * FROM SYS.TABLES WHERE TABLE_NAME <> 'NO SUCH TABLE'";
    try (Connection connection = server.connect()) {
      for (int run = 0; run < 3; run++) {
        execute(connection, "CREATE TABLE path_whole_" + run + " AS SELECT " + run + " AS x");
        Result calcite = read(connection, throughCalcite, DEFAULT_FETCH_SIZE, 0);
        for (int fetchSize : new int[] {0, 1, 7}) {
          assertThat(read(connection, whole, fetchSize, 0))
              .as("run %d, fetch size %d", run, fetchSize)
              .isEqualTo(calcite);
        }
        assertThat(calcite.rows().stream().map(row -> row.get(0)))
            .contains("String:PATH_WHOLE_" + run);
        assertThat(read(connection, whole, 2, 3).rows()).isEqualTo(calcite.rows().subList(0, 3));
      }
    }
  }

  /**
   * A query of registered tables that the store runs whole is sent to it from its first run,
   * without Calcite's preparation, and reads what Calcite's preparation of the same query reads:
   * the same columns (labels, types, precision, nullability, classes, and the schema and table each
   * column comes from) and the same values. Each query is read beside a twin that also asks whether
   * a system table has rows, which only Calcite answers, placed so that the store still computes
   * all of the query's own rows.
   */
  @Test
  void aQueryTheStoreRunsWholeSkipsCalcitesPreparationAndReadsWhatCalciteReads() throws Exception {
    String calcite = "EXISTS (SELECT * FROM SYS.SERVER)";
    List<List<String>> twins =
        List.of(
            List.of(
                "SELECT * FROM path_types WHERE id < 300 ORDER BY id",
                "SELECT * FROM path_types WHERE id < 300 AND " + calcite + " ORDER BY id"),
            List.of(
                "SELECT id AS key, label AS name, 'x' AS tag, CAST(small AS VARCHAR(12)) AS small_text,"
                    + " UPPER(label) AS shout, CAST(label AS VARCHAR(5)) AS short,"
                    + " big / 3 AS third, exact * 2 AS twice FROM path_types WHERE id BETWEEN 10"
                    + " AND 40",
                "SELECT id AS key, label AS name, 'x' AS tag, CAST(small AS VARCHAR(12)) AS small_text,"
                    + " UPPER(label) AS shout, CAST(label AS VARCHAR(5)) AS short,"
                    + " big / 3 AS third, exact * 2 AS twice FROM path_types WHERE id BETWEEN 10"
                    + " AND 40 AND "
                    + calcite),
            List.of(
                "SELECT MOD(id, 7) AS g, COUNT(*) AS n, SUM(exact) AS total, MAX(label) AS m,"
                    + " MIN(small) AS lo FROM path_types GROUP BY MOD(id, 7)",
                "SELECT MOD(id, 7) AS g, COUNT(*) AS n, SUM(exact) AS total, MAX(label) AS m,"
                    + " MIN(small) AS lo FROM path_types GROUP BY MOD(id, 7) HAVING "
                    + calcite),
            List.of(
                "SELECT t.id, d.d, t.even FROM path_types t JOIN path_digits d"
                    + " ON MOD(t.id, 10) = d.d WHERE t.id < 50",
                "SELECT t.id, d.d, t.even FROM path_types t JOIN path_digits d"
                    + " ON MOD(t.id, 10) = d.d WHERE t.id < 50 AND "
                    + calcite),
            List.of(
                "SELECT id, label FROM path_types WHERE id < 5"
                    + " UNION ALL SELECT d, 'digit' FROM path_digits WHERE d > 6",
                "SELECT id, label FROM path_types WHERE id < 5"
                    + " UNION ALL SELECT d, 'digit' FROM path_digits WHERE d > 6 AND "
                    + calcite));
    try (Connection connection = server.connect()) {
      for (List<String> twin : twins) {
        CalcitePreparations direct =
            CalcitePreparations.during(() -> read(connection, twin.get(0), DEFAULT_FETCH_SIZE, 0));
        CalcitePreparations prepared =
            CalcitePreparations.during(() -> read(connection, twin.get(1), DEFAULT_FETCH_SIZE, 0));
        assertThat(direct.count()).as(twin.get(0)).isZero();
        assertThat(prepared.count()).as(twin.get(1)).isPositive();
        assertThat(direct.result().rows()).as(twin.get(0)).isNotEmpty();
        assertThat(sorted(direct.result())).as(twin.get(0)).isEqualTo(sorted(prepared.result()));
      }
    }
  }

  /**
   * A lookup with another key each time, as an application that writes its keys into the text sends
   * it, is not prepared by Calcite either, and finds its row.
   */
  @Test
  void lookupsWithANewKeyEachTimeAreNotPreparedByCalcite() throws Exception {
    try (Connection connection = server.connect()) {
      for (int key = 100; key < 120; key++) {
        String lookup = "SELECT id, label FROM path_types WHERE id = " + key;
        CalcitePreparations run =
            CalcitePreparations.during(() -> read(connection, lookup, DEFAULT_FETCH_SIZE, 0));
        assertThat(run.count()).as(lookup).isZero();
        assertThat(run.result().rows()).as(lookup).hasSize(1);
        assertThat(run.result().rows().get(0).get(0)).isEqualTo("Integer:" + key);
      }
    }
  }

  /**
   * On a connection whose schema is {@code SYS}, as a client that picked it sets it, a bare name is
   * a table of {@code SYS} even when a registered table has the same name, on every run; on a
   * connection in {@code PUBLIC} it is the registered table.
   */
  @Test
  void aBareNameIsATableOfTheConnectionsSchema() throws Exception {
    try (Connection connection = server.connect();
        Connection inSys = server.connect()) {
      execute(connection, "CREATE TABLE batches AS SELECT 1 AS x");
      inSys.setSchema("SYS");
      for (int run = 0; run < 2; run++) {
        assertThat(read(inSys, "SELECT * FROM batches", DEFAULT_FETCH_SIZE, 0).columns())
            .hasSizeGreaterThan(1)
            .first()
            .asString()
            .startsWith("BATCH_ID|BATCH_ID|");
        assertThat(read(connection, "SELECT * FROM batches", DEFAULT_FETCH_SIZE, 0).rows())
            .containsExactly(List.of("Integer:1"));
      }
    }
  }

  /** How many queries Calcite prepared while a read ran, and what it read. */
  private record CalcitePreparations(int count, Result result) {
    interface Read {
      Result run() throws Exception;
    }

    static CalcitePreparations during(Read read) throws Exception {
      AtomicInteger prepared = new AtomicInteger();
      Result result;
      try (Hook.Closeable counting =
          Hook.PLAN_BEFORE_IMPLEMENTATION.add(
              (Consumer<RelRoot>) root -> prepared.incrementAndGet())) {
        result = read.run();
      }
      return new CalcitePreparations(prepared.get(), result);
    }
  }

  /** The result with its rows in one order, for queries that ask for none. */
  private static Result sorted(Result result) {
    List<List<String>> rows = new ArrayList<>(result.rows());
    rows.sort(Comparator.comparing(Object::toString));
    return new Result(result.columns(), rows);
  }

  /** The columns as a client sees them, and every value with its Java class. */
  private record Result(List<String> columns, List<List<String>> rows) {}

  private static Result read(Connection connection, String query, int fetchSize, int maxRows)
      throws Exception {
    try (Statement statement = connection.createStatement()) {
      if (fetchSize != DEFAULT_FETCH_SIZE) {
        statement.setFetchSize(fetchSize);
      }
      statement.setMaxRows(maxRows);
      try (ResultSet resultSet = statement.executeQuery(query)) {
        ResultSetMetaData metaData = resultSet.getMetaData();
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
          columns.add(
              String.join(
                  "|",
                  metaData.getColumnLabel(i),
                  metaData.getColumnName(i),
                  String.valueOf(metaData.getColumnType(i)),
                  metaData.getColumnTypeName(i),
                  String.valueOf(metaData.getPrecision(i)),
                  String.valueOf(metaData.getScale(i)),
                  String.valueOf(metaData.isNullable(i)),
                  String.valueOf(metaData.getColumnClassName(i)),
                  String.valueOf(metaData.isSigned(i)),
                  String.valueOf(metaData.getColumnDisplaySize(i)),
                  String.valueOf(metaData.getSchemaName(i)),
                  String.valueOf(metaData.getTableName(i)),
                  String.valueOf(metaData.getCatalogName(i))));
        }
        List<List<String>> rows = new ArrayList<>();
        while (resultSet.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= columns.size(); i++) {
            Object value = resultSet.getObject(i);
            row.add(value == null ? null : value.getClass().getSimpleName() + ":" + value);
          }
          rows.add(row);
        }
        return new Result(columns, rows);
      }
    }
  }
}
