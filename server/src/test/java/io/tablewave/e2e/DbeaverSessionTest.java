package io.tablewave.e2e;

import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * "DBeaver will work": the JDBC calls DBeaver makes, in its order, against a real server with a
 * Kafka source (see the project's notes on DBeaver's generic driver): three connections, the
 * navigator's metadata, a script run statement by statement, result reading and paging, cancel, a
 * BEGIN ... END block and manual-commit mode, and reconnecting after a server restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DbeaverSessionTest {
  private EmbeddedKafka kafka;
  private TestServer server;

  /** The main, the metadata and the SQL editor's connection, as DBeaver opens them. */
  private Connection main;

  private Connection metadata;
  private Connection editor;

  @BeforeAll
  void start() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopic("page-views", 2);
    server =
        TestServer.start(
            TestStore.DUCKDB, Map.of(ServerOption.KAFKA_BOOTSTRAP, kafka.bootstrapServers()));
    main = open(true);
    metadata = open(true);
    editor = open(true);
    editor.setSchema("PUBLIC");
    editor.setCatalog(editor.getCatalog());
    executeBatch(
        main,
        "CREATE TABLE nav_orders AS SELECT * FROM (VALUES (1, 'a', 2.5, DATE '2026-01-02', TRUE),"
            + " (2, CAST(NULL AS VARCHAR), 4.0, CAST(NULL AS DATE), CAST(NULL AS BOOLEAN))) AS t(id, name, amount, sold_on, ok)",
        "CREATE TABLE nav_total AS SELECT SUM(amount) AS total, CAST(SUM(amount) AS DECIMAL(12, 2)) AS exact,"
            + " COUNT(*) AS n, CURRENT_TIMESTAMP AS loaded_at FROM nav_orders",
        "CREATE TABLE nav_a_b AS SELECT id AS a_b_id FROM nav_orders",
        "CREATE TABLE nav_axb AS SELECT id AS axb_id, name AS axb_name FROM nav_orders",
        "CREATE TABLE nav_digits AS SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS t(x)",
        "CREATE TABLE nav_thousand AS SELECT a.x * 100 + b.x * 10 + c.x AS n FROM nav_digits a, nav_digits b,"
            + " nav_digits c");
  }

  @AfterAll
  void stop() throws Exception {
    for (Connection connection : new Connection[] {main, metadata, editor}) {
      if (connection != null) {
        connection.close();
      }
    }
    if (server != null) {
      server.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** Step 1 and 2 of DBeaver's connect: driver lookup, connect, auto-commit, catalog, schema. */
  private Connection open(boolean autoCommit) throws SQLException {
    Driver driver = DriverManager.getDriver(server.url());
    assertThat(driver.acceptsURL(server.url())).isTrue();
    Connection connection = driver.connect(server.url(), new Properties());
    connection.setAutoCommit(autoCommit);
    assertThat(connection.getAutoCommit()).isEqualTo(autoCommit);
    connection.getCatalog();
    assertThat(connection.getSchema()).isEqualTo("PUBLIC");
    if (!autoCommit) {
      connection.commit();
    }
    return connection;
  }

  @Test
  @Order(1)
  void everyNoArgumentMetaDataMethodAnswers() throws Exception {
    DatabaseMetaData metaData = metadata.getMetaData();
    List<String> failures = new ArrayList<>();
    for (Method method : DatabaseMetaData.class.getMethods()) {
      if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())) {
        continue;
      }
      try {
        Object result = method.invoke(metaData);
        if (result instanceof ResultSet rs) {
          try (rs) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
              for (int i = 1; i <= columns; i++) {
                rs.getObject(i);
              }
            }
          }
        }
      } catch (InvocationTargetException e) {
        failures.add(method.getName() + ": " + e.getCause());
      }
    }
    assertThat(failures).isEmpty();
    assertThat(metaData.getDatabaseProductName()).isEqualTo("Tablewave");
    assertThat(metaData.getDriverName()).containsIgnoringCase("Tablewave");
    assertThat(metaData.getIdentifierQuoteString()).isEqualTo("\"");
    assertThat(metaData.supportsTransactions())
        .as("DBeaver shows its manual-commit toggle")
        .isTrue();
    assertThat(metaData.supportsBatchUpdates()).isTrue();
    for (int level :
        new int[] {
          Connection.TRANSACTION_NONE,
          Connection.TRANSACTION_READ_UNCOMMITTED,
          Connection.TRANSACTION_READ_COMMITTED,
          Connection.TRANSACTION_REPEATABLE_READ,
          Connection.TRANSACTION_SERIALIZABLE
        }) {
      metaData.supportsTransactionIsolationLevel(level);
    }
    try (ResultSet types = metaData.getTypeInfo()) {
      List<String> names = new ArrayList<>();
      while (types.next()) {
        names.add(types.getString("TYPE_NAME"));
      }
      assertThat(names)
          .contains("VARCHAR", "BIGINT", "DOUBLE", "BOOLEAN", "DATE", "TIMESTAMP", "DECIMAL");
    }
    assertThat(main.isClosed()).isFalse();
    assertThat(main.isValid(10_000)).isTrue();
  }

  @Test
  @Order(2)
  void navigatorListsSchemasTablesAndColumnsScopedToWhatWasAsked() throws Exception {
    DatabaseMetaData metaData = metadata.getMetaData();
    List<Map<String, Object>> catalogs = read(metaData.getCatalogs());
    List<Map<String, Object>> schemas = new ArrayList<>();
    if (catalogs.isEmpty()) {
      schemas.addAll(read(metaData.getSchemas(null, "%")));
    } else {
      for (Map<String, Object> catalog : catalogs) {
        schemas.addAll(read(metaData.getSchemas((String) catalog.get("TABLE_CAT"), "%")));
      }
    }
    assertThat(schemas)
        .extracting(row -> row.get("TABLE_SCHEM"))
        .containsExactlyInAnyOrder("PUBLIC", "SYS", "INFORMATION_SCHEMA", "KAFKA");

    Map<String, String> typeOfSchema =
        Map.of(
            "PUBLIC",
            "TABLE",
            "SYS",
            "SYSTEM TABLE",
            "INFORMATION_SCHEMA",
            "SYSTEM TABLE",
            "KAFKA",
            "FOREIGN TABLE");
    for (Map.Entry<String, String> schema : typeOfSchema.entrySet()) {
      List<Map<String, Object>> tables = read(metaData.getTables(null, schema.getKey(), "%", null));
      assertThat(tables)
          .as("tables of %s", schema.getKey())
          .isNotEmpty()
          .allSatisfy(
              row -> {
                assertThat(row.get("TABLE_SCHEM")).isEqualTo(schema.getKey());
                assertThat(row.get("TABLE_TYPE")).isEqualTo(schema.getValue());
                assertThat((String) row.get("TABLE_NAME")).doesNotContain("__tw");
              });
    }
    assertThat(read(metaData.getTables(null, "KAFKA", "%", null)))
        .extracting(row -> row.get("TABLE_NAME"))
        .containsExactly("page-views");
    assertThat(read(metaData.getTables(null, "SYS", "%", null)))
        .extracting(row -> row.get("TABLE_NAME"))
        .contains(
            "TABLES",
            "DEPENDENCIES",
            "BATCHES",
            "BATCH_TABLES",
            "WAVES",
            "PROGRESS",
            "KAFKA_OFFSETS",
            "SERVER");
    assertThat(read(metaData.getTables(null, null, "%", new String[] {"TABLE"})))
        .extracting(row -> row.get("TABLE_TYPE"))
        .containsOnly("TABLE");
    assertThat(read(metaData.getTables(null, null, "%", new String[] {"SYSTEM TABLE"})))
        .extracting(row -> row.get("TABLE_SCHEM"))
        .containsOnly("SYS", "INFORMATION_SCHEMA");
    assertThat(read(metaData.getTableTypes()))
        .extracting(row -> row.get("TABLE_TYPE"))
        .contains("TABLE", "SYSTEM TABLE", "FOREIGN TABLE");

    // DBeaver passes the table name as an unescaped pattern: NAV_A_B also matches NAV_AXB.
    List<Map<String, Object>> columns = read(metaData.getColumns(null, "PUBLIC", "NAV_A_B", "%"));
    List<Map<String, Object>> own =
        columns.stream().filter(row -> "NAV_A_B".equals(row.get("TABLE_NAME"))).toList();
    assertThat(own)
        .as("all rows: %s", columns)
        .extracting(row -> row.get("COLUMN_NAME"))
        .containsExactly("A_B_ID");
    assertThat(columns).extracting(row -> row.get("TABLE_NAME")).isSubsetOf("NAV_A_B", "NAV_AXB");
    assertThat(columns)
        .filteredOn(row -> "NAV_AXB".equals(row.get("TABLE_NAME")))
        .extracting(row -> row.get("COLUMN_NAME"))
        .isSubsetOf("AXB_ID", "AXB_NAME");
    assertThat(rows(editor, "SELECT * FROM nav_a_b"))
        .as("the table has its own columns only")
        .hasSize(2)
        .allSatisfy(row -> assertThat(row).hasSize(1));

    for (String table : List.of("NAV_ORDERS", "NAV_TOTAL")) {
      List<Map<String, Object>> described = read(metaData.getColumns(null, "PUBLIC", table, "%"));
      try (Statement statement = editor.createStatement();
          ResultSet rs = statement.executeQuery("SELECT * FROM " + table)) {
        ResultSetMetaData result = rs.getMetaData();
        assertThat(described).hasSize(result.getColumnCount());
        for (int i = 1; i <= result.getColumnCount(); i++) {
          Map<String, Object> column = described.get(i - 1);
          assertThat(((Number) column.get("ORDINAL_POSITION")).intValue()).isEqualTo(i);
          assertThat(column.get("COLUMN_NAME")).isEqualTo(result.getColumnName(i));
          assertThat(column.get("TYPE_NAME"))
              .as("type of %s.%s", table, column.get("COLUMN_NAME"))
              .isEqualTo(result.getColumnTypeName(i));
          assertThat(((Number) column.get("DATA_TYPE")).intValue())
              .isEqualTo(result.getColumnType(i));
          if (column.get("COLUMN_SIZE") != null) {
            // -1 is Calcite's "no size" for types without one; above Integer.MAX_VALUE breaks
            // DBeaver
            assertThat(((Number) column.get("COLUMN_SIZE")).longValue())
                .isBetween(-1L, (long) Integer.MAX_VALUE);
          }
        }
      }
    }
    assertThat(read(metaData.getColumns(null, "KAFKA", "page-views", "%")))
        .extracting(row -> row.get("COLUMN_NAME"))
        .contains("_key", "_partition", "_offset", "_timestamp");
  }

  @Test
  @Order(3)
  void optionalNavigatorCallsAnswerEmptyOrNotSupported() throws Exception {
    DatabaseMetaData metaData = metadata.getMetaData();
    List<ThrowingCall> calls =
        List.of(
            () -> metaData.getPrimaryKeys(null, "PUBLIC", "NAV_ORDERS"),
            () -> metaData.getImportedKeys(null, "PUBLIC", "NAV_ORDERS"),
            () -> metaData.getExportedKeys(null, "PUBLIC", "NAV_ORDERS"),
            () -> metaData.getIndexInfo(null, "PUBLIC", "NAV_ORDERS", false, true),
            () -> metaData.getFunctions(null, "PUBLIC", "%"),
            () -> metaData.getProcedures(null, "PUBLIC", "%"));
    for (ThrowingCall call : calls) {
      Throwable thrown = catchThrowable(() -> assertThat(read(call.get())).isEmpty());
      assertThat(thrown)
          .satisfiesAnyOf(
              t -> assertThat(t).isNull(),
              t -> assertThat(t).isInstanceOf(SQLFeatureNotSupportedException.class));
    }
  }

  @Test
  @Order(4)
  void aScriptRunsStatementByStatementAsTheEditorSendsIt() throws Exception {
    try (Statement statement =
        editor.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      statement.setQueryTimeout(60);
      assertThat(
              statement.execute(
                  "CREATE TABLE nav_big AS SELECT n, n * 2 AS twice FROM nav_thousand"))
          .isFalse();
      assertThat(statement.getLargeUpdateCount()).isEqualTo(1000);
      // the only warning names the batch, which DBeaver shows in its output log
      assertThat(statement.getWarnings().getMessage())
          .matches("batch \\d+ SUCCEEDED: 1 table loaded");
      assertThat((Object) statement.getWarnings().getNextWarning()).isNull();
      statement.setMaxRows(200);
      assertThat(statement.execute("SELECT * FROM nav_big ORDER BY n")).isTrue();
      int rows = 0;
      try (ResultSet rs = statement.getResultSet()) {
        ResultSetMetaData meta = rs.getMetaData();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          meta.getColumnLabel(i);
          meta.getColumnName(i);
          meta.getTableName(i);
          meta.getSchemaName(i);
          meta.isNullable(i);
          meta.getColumnDisplaySize(i);
          meta.getColumnTypeName(i);
          meta.getColumnType(i);
          meta.getPrecision(i);
          meta.getScale(i);
          meta.isAutoIncrement(i);
          meta.isWritable(i);
        }
        while (rs.next()) {
          rows++;
        }
      }
      assertThat(rows).as("setMaxRows(200) caps the rows").isEqualTo(200);
    }
    // Paging: DBeaver re-runs the query with setMaxRows(400) and skips the first 200 rows.
    try (Statement statement = editor.createStatement()) {
      statement.setMaxRows(400);
      List<Long> page = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery("SELECT n FROM nav_big ORDER BY n")) {
        for (int skipped = 0; skipped < 200 && rs.next(); skipped++) {
          assertThat(rs.getLong(1)).isEqualTo(skipped);
        }
        while (rs.next()) {
          page.add(rs.getLong(1));
        }
      }
      assertThat(page).hasSize(200).startsWith(200L).endsWith(399L);
    }
  }

  @Test
  @Order(5)
  void valuesReadWithTheGettersDbeaverUsesAndNullsAreSeen() throws Exception {
    try (Statement statement = editor.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT id, name, amount, sold_on, ok FROM nav_orders ORDER BY id")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong("ID")).isEqualTo(1);
      assertThat(rs.wasNull()).isFalse();
      assertThat(rs.getObject("NAME")).isEqualTo("a");
      assertThat(rs.getDouble("AMOUNT")).isEqualTo(2.5);
      assertThat(rs.getDate("SOLD_ON")).hasToString("2026-01-02");
      assertThat(rs.getBoolean("OK")).isTrue();
      assertThat(rs.next()).isTrue();
      assertThat(rs.getObject("NAME")).isNull();
      assertThat(rs.wasNull()).isTrue();
      assertThat(rs.getDate("SOLD_ON")).isNull();
      assertThat(rs.wasNull()).isTrue();
      assertThat(rs.getBoolean("OK")).isFalse();
      assertThat(rs.wasNull()).isTrue();
    }
    try (Statement statement = editor.createStatement();
        ResultSet rs = statement.executeQuery("SELECT total, exact, n, loaded_at FROM nav_total")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getDouble("TOTAL")).isEqualTo(6.5);
      assertThat(rs.getObject("EXACT")).isInstanceOf(Number.class);
      assertThat(new BigDecimal(rs.getObject("EXACT").toString())).isEqualByComparingTo("6.50");
      assertThat(rs.getObject("N")).isInstanceOf(Number.class);
      assertThat(rs.getObject("LOADED_AT")).isNotNull();
    }
  }

  @Test
  @Order(6)
  void theCancelButtonStopsARunningStatement() throws Exception {
    try (Statement statement = editor.createStatement()) {
      CompletableFuture<Throwable> running =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  statement.execute(
                      "CREATE TABLE nav_slow AS SELECT a.n * 1000000 + b.n * 1000 + c.n AS v"
                          + " FROM nav_thousand a, nav_thousand b, nav_thousand c WHERE c.n < 400");
                  return null;
                } catch (Throwable e) {
                  return e;
                }
              });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (rows(
                  main,
                  "SELECT * FROM SYS.BATCH_TABLES WHERE TABLE_NAME = 'NAV_SLOW' AND STATUS = 'LOADING'")
              .isEmpty()
          && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(rows(main, "SELECT STATUS FROM SYS.PROGRESS WHERE TABLE_NAME = 'NAV_SLOW'"))
          .as("the load shows in SYS.PROGRESS while it runs")
          .containsExactly(List.of("LOADING"));
      statement.cancel();
      Throwable thrown = running.get(60, TimeUnit.SECONDS);
      assertThat(thrown).isInstanceOf(SQLException.class).hasMessageContaining("cancel");
      assertThat(((SQLException) thrown).getSQLState()).isEqualTo("57014");
    }
    assertThat(rows(main, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME = 'NAV_SLOW'")).isEmpty();
  }

  @Test
  @Order(7)
  void aBeginEndBlockAndManualCommitModeEachRunAsOneBatch() throws Exception {
    long batches = scalarLong(main, "SELECT COUNT(*) FROM SYS.BATCHES");
    try (Statement statement = editor.createStatement()) {
      statement.execute(
          "BEGIN\n  CREATE TABLE blk_a AS SELECT n FROM nav_thousand WHERE n < 10;\n"
              + "  CREATE TABLE blk_b AS SELECT COUNT(*) AS c FROM blk_a;\nEND");
    }
    assertThat(
            rows(
                main, "SELECT TABLE_COUNT, STATUS FROM SYS.BATCHES ORDER BY BATCH_ID DESC LIMIT 1"))
        .containsExactly(List.of(2, "SUCCEEDED"));

    editor.setAutoCommit(false);
    try (Statement statement = editor.createStatement()) {
      statement.execute("CREATE TABLE mc_b AS SELECT COUNT(*) AS c FROM mc_a");
      statement.execute("CREATE TABLE mc_a AS SELECT n FROM nav_thousand WHERE n < 5");
    }
    assertThat(rows(main, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME LIKE 'MC%'"))
        .as("nothing before commit")
        .isEmpty();
    editor.commit();
    editor.setAutoCommit(true);
    assertThat(
            rows(
                main, "SELECT TABLE_COUNT, STATUS FROM SYS.BATCHES ORDER BY BATCH_ID DESC LIMIT 1"))
        .containsExactly(List.of(2, "SUCCEEDED"));
    assertThat(scalarLong(main, "SELECT c FROM mc_b")).isEqualTo(5);
    assertThat(scalarLong(main, "SELECT COUNT(*) FROM SYS.BATCHES")).isEqualTo(batches + 2);

    editor.setAutoCommit(false);
    try (Statement statement = editor.createStatement()) {
      statement.execute("CREATE TABLE mc_discarded AS SELECT 1 AS x");
    }
    editor.rollback();
    editor.setAutoCommit(true);
    assertThat(rows(main, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME = 'MC_DISCARDED'")).isEmpty();
  }

  @Test
  @Order(8)
  void afterAServerRestartCallsFailAsConnectionErrorsAndANewConnectionWorks() throws Exception {
    server.restart();
    SQLException failure =
        (SQLException)
            catchThrowable(
                () -> {
                  try (Statement statement = editor.createStatement()) {
                    statement.executeQuery("SELECT COUNT(*) FROM nav_orders");
                  }
                });
    assertThat((Throwable) failure).as("a call after the restart fails").isNotNull();
    assertThat(failure.getSQLState()).as("SQLSTATE of: %s", failure.getMessage()).startsWith("08");
    editor.close();
    main.close();
    metadata.close();
    main = open(true);
    metadata = open(true);
    editor = open(true);
    assertThat(scalarLong(editor, "SELECT COUNT(*) FROM nav_big")).isEqualTo(1000);
  }

  private interface ThrowingCall {
    ResultSet get() throws SQLException;
  }

  private static List<Map<String, Object>> read(ResultSet rs) throws SQLException {
    List<Map<String, Object>> rows = new ArrayList<>();
    try (rs) {
      ResultSetMetaData meta = rs.getMetaData();
      while (rs.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          row.put(meta.getColumnLabel(i), rs.getObject(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
