package io.tablewave.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One suite every store passes. */
abstract class AbstractStoreTest {
  private static final List<Column> ALL_TYPES =
      List.of(
          Column.of("b", ColumnType.BOOLEAN),
          Column.of("i", ColumnType.INTEGER),
          Column.of("l", ColumnType.BIGINT),
          Column.of("d", ColumnType.DOUBLE),
          new Column("m", ColumnType.DECIMAL, 12, 3, true),
          Column.of("s", ColumnType.VARCHAR),
          Column.of("dt", ColumnType.DATE),
          Column.of("t", ColumnType.TIME),
          Column.of("ts", ColumnType.TIMESTAMP),
          Column.of("bin", ColumnType.VARBINARY));

  protected Store store;

  /** Opens a store with no data tables. */
  protected abstract Store openStore() throws Exception;

  protected abstract StoreKind expectedKind();

  protected abstract Class<?> expectedDialect();

  protected abstract boolean expectedJoinsWell();

  protected abstract String expectedProduct();

  /** A query with one column that runs for many seconds. */
  protected abstract String slowSelect();

  @BeforeEach
  void open() throws Exception {
    store = openStore();
    for (String table : store.listDataTables()) {
      store.dropTableIfExists(table);
    }
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  @Test
  void describesItself() throws SQLException {
    assertThat(store.kind()).isEqualTo(expectedKind());
    assertThat(store.calciteDialect()).isExactlyInstanceOf(expectedDialect());
    assertThat(store.runsJoinsWell()).isEqualTo(expectedJoinsWell());
    assertThat(store.productDescription())
        .startsWith(expectedProduct())
        .matches(".* v?[0-9]+\\..*");
    assertThat(store.quote("a\"b")).isEqualTo("\"a\"\"b\"");
    try (Connection connection = store.dataSource().getConnection();
        ResultSet schemas = connection.getMetaData().getSchemas()) {
      List<String> names = new ArrayList<>();
      while (schemas.next()) {
        names.add(schemas.getString("TABLE_SCHEM"));
      }
      assertThat(names).contains(store.registrySchema(), store.dataSchema());
    }
  }

  @Test
  void everyColumnTypeRoundTripsWithNulls() throws SQLException {
    Object[] values = {
      true,
      -42,
      9_000_000_000L,
      3.25,
      new BigDecimal("123456789.125"),
      "tab\there\nnew line \\N back\\slash \r 'quote' \"dq\" ünïcødé",
      LocalDate.of(2024, 2, 29),
      LocalTime.of(13, 45, 7, 123_456_000),
      LocalDateTime.of(1999, 12, 31, 23, 59, 58, 654_321_000),
      new byte[] {0, 1, (byte) 0xff, '\t', '\\'}
    };
    try (TableWriter writer = store.openWriter("all_types", ALL_TYPES)) {
      writer.accept(values);
      writer.accept(new Object[ALL_TYPES.size()]);
      writer.accept(
          new Object[] {
            false,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            -0.5,
            new BigDecimal("-0.001"),
            "",
            LocalDate.of(1, 1, 1),
            LocalTime.MIDNIGHT,
            LocalDateTime.of(2262, 4, 11, 0, 0),
            new byte[0]
          });
      writer.finish();
      assertThat(writer.rowsWritten()).isEqualTo(3);
    }
    List<Object[]> rows =
        readAll("SELECT * FROM " + store.qualified("all_types") + " ORDER BY \"i\" NULLS FIRST");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0)).containsOnlyNulls();
    assertThat(rows.get(1))
        .containsExactly(
            false,
            Integer.MIN_VALUE,
            Long.MAX_VALUE,
            -0.5,
            new BigDecimal("-0.001"),
            "",
            LocalDate.of(1, 1, 1),
            LocalTime.MIDNIGHT,
            LocalDateTime.of(2262, 4, 11, 0, 0),
            new byte[0]);
    assertThat(rows.get(2)).containsExactly(values);
  }

  @Test
  void extremeValuesRoundTrip() throws SQLException {
    try (TableWriter writer = store.openWriter("extremes", ALL_TYPES)) {
      writer.accept(
          new Object[] {
            true,
            1,
            Long.MIN_VALUE,
            Double.NaN,
            new BigDecimal("999999999.999"),
            "\\N",
            LocalDate.of(-44, 3, 15),
            LocalTime.of(23, 59, 59, 999_999_000),
            LocalDateTime.of(0, 1, 1, 0, 0, 1),
            null
          });
      writer.accept(
          new Object[] {
            true,
            2,
            0L,
            Double.POSITIVE_INFINITY,
            null,
            "\\",
            LocalDate.of(9999, 12, 31),
            null,
            LocalDateTime.of(10000, 1, 1, 0, 0),
            null
          });
      writer.accept(
          new Object[] {
            true, 3, 0L, Double.NEGATIVE_INFINITY, null, "\t\n", null, null, null, null
          });
      writer.accept(
          new Object[] {
            true, 4, 0L, 1.0e300, null, "x\u00e9\u4e2d\ud83d\ude00", null, null, null, null
          });
      writer.finish();
    }
    List<Object[]> rows =
        readAll("SELECT * FROM " + store.qualified("extremes") + " ORDER BY \"i\"");
    assertThat(rows.get(0))
        .containsExactly(
            true,
            1,
            Long.MIN_VALUE,
            Double.NaN,
            new BigDecimal("999999999.999"),
            "\\N",
            LocalDate.of(-44, 3, 15),
            LocalTime.of(23, 59, 59, 999_999_000),
            LocalDateTime.of(0, 1, 1, 0, 0, 1),
            null);
    assertThat(rows.get(1))
        .containsExactly(
            true,
            2,
            0L,
            Double.POSITIVE_INFINITY,
            null,
            "\\",
            LocalDate.of(9999, 12, 31),
            null,
            LocalDateTime.of(10000, 1, 1, 0, 0),
            null);
    assertThat(rows.get(2)[3]).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(rows.get(2)[5]).isEqualTo("\t\n");
    assertThat(rows.get(3)[3]).isEqualTo(1.0e300);
    assertThat(rows.get(3)[5]).isEqualTo("x\u00e9\u4e2d\ud83d\ude00");
  }

  @Test
  void convertsValuesLeniently() throws SQLException {
    try (TableWriter writer = store.openWriter("lenient", ALL_TYPES)) {
      writer.accept(
          new Object[] {
            "TRUE",
            (short) 7,
            12,
            1.5f,
            2L,
            'c',
            java.sql.Date.valueOf("2020-01-02"),
            java.sql.Time.valueOf("10:11:12"),
            Timestamp.valueOf("2021-03-04 05:06:07.5"),
            new byte[] {9}
          });
      writer.accept(
          new Object[] {
            false,
            (byte) 8,
            BigInteger.valueOf(13),
            3,
            new BigDecimal("1.23456"),
            99L,
            null,
            null,
            LocalDate.of(2022, 1, 1),
            null
          });
      writer.accept(
          new Object[] {
            false,
            new BigDecimal("9.0"),
            14.0,
            new BigDecimal("2.5"),
            BigInteger.TEN,
            null,
            null,
            null,
            null,
            null
          });
      writer.finish();
    }
    List<Object[]> rows =
        readAll("SELECT * FROM " + store.qualified("lenient") + " ORDER BY \"i\"");
    assertThat(rows.get(0))
        .containsExactly(
            true,
            7,
            12L,
            1.5,
            new BigDecimal("2.000"),
            "c",
            LocalDate.of(2020, 1, 2),
            LocalTime.of(10, 11, 12),
            LocalDateTime.of(2021, 3, 4, 5, 6, 7, 500_000_000),
            new byte[] {9});
    assertThat(rows.get(1))
        .containsExactly(
            false,
            8,
            13L,
            3.0,
            new BigDecimal("1.235"),
            "99",
            null,
            null,
            LocalDateTime.of(2022, 1, 1, 0, 0),
            null);
    assertThat(rows.get(2))
        .containsExactly(
            false, 9, 14L, 2.5, new BigDecimal("10.000"), null, null, null, null, null);
  }

  @Test
  void rejectsImpossibleValuesNamingColumnValueAndType() {
    try (TableWriter writer = store.openWriter("strict", ALL_TYPES)) {
      assertThatThrownBy(
              () ->
                  writer.accept(
                      new Object[] {null, "seven", null, null, null, null, null, null, null, null}))
          .isInstanceOf(TablewaveException.class)
          .satisfies(
              e ->
                  assertThat(((TablewaveException) e).errorCode()).isEqualTo(ErrorCode.LOAD_FAILED))
          .hasMessageContaining("'i'")
          .hasMessageContaining("'seven'")
          .hasMessageContaining("INTEGER");
      assertThatThrownBy(
              () ->
                  writer.accept(
                      new Object[] {null, null, 1.5, null, null, null, null, null, null, null}))
          .hasMessageContaining("'l'")
          .hasMessageContaining("fraction");
      assertThatThrownBy(
              () ->
                  writer.accept(
                      new Object[] {
                        null,
                        null,
                        null,
                        null,
                        new BigDecimal("1234567890"),
                        null,
                        null,
                        null,
                        null,
                        null
                      }))
          .hasMessageContaining("'m'")
          .hasMessageContaining("DECIMAL(12, 3)");
      assertThatThrownBy(
              () ->
                  writer.accept(
                      new Object[] {
                        null, 1L << 40, null, null, null, null, null, null, null, null
                      }))
          .hasMessageContaining("out of range");
      assertThatThrownBy(() -> writer.accept(new Object[] {1}))
          .hasMessageContaining("1 values but the table has 10 columns");
      assertThat(writer.rowsWritten()).isZero();
      writer.finish();
    }
    assertThat(store.rowCount("strict")).isZero();
  }

  @Test
  void bulkWritesHundredThousandRows() {
    int rows = 100_000;
    List<Column> columns =
        List.of(
            Column.of("id", ColumnType.BIGINT),
            Column.of("name", ColumnType.VARCHAR),
            Column.of("amount", ColumnType.DOUBLE),
            new Column("price", ColumnType.DECIMAL, 10, 2, true),
            Column.of("at", ColumnType.TIMESTAMP));
    LocalDateTime start = LocalDateTime.of(2024, 1, 1, 0, 0);
    long began = System.nanoTime();
    try (TableWriter writer = store.openWriter("bulk", columns)) {
      for (int i = 0; i < rows; i++) {
        writer.accept(
            new Object[] {
              (long) i, "name-" + i, i * 0.5, BigDecimal.valueOf(i, 2), start.plusSeconds(i)
            });
      }
      writer.finish();
      assertThat(writer.rowsWritten()).isEqualTo(rows);
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "%s bulk write: %d rows in %.2f s = %.0f rows/s%n",
        store.kind(),
        rows,
        seconds,
        rows / seconds);
    assertThat(store.rowCount("bulk")).isEqualTo(rows);
  }

  @Test
  void writersBesideTheFirstAddTheirRowsOnTheirOwnThreadsOrRollThemBack() throws Exception {
    List<Column> columns = List.of(Column.of("id", ColumnType.BIGINT));
    try (TableWriter first = store.openWriter("beside", columns);
        TableWriter second = store.openParallelWriter("beside", columns);
        TableWriter abandoned = store.openParallelWriter("beside", columns)) {
      Thread other =
          new Thread(
              () -> {
                for (long i = 10_000; i < 20_000; i++) {
                  second.accept(new Object[] {i});
                }
                abandoned.accept(new Object[] {-1L});
              });
      other.start();
      for (long i = 0; i < 10_000; i++) {
        first.accept(new Object[] {i});
      }
      other.join();
      second.finish();
      first.finish();
      abandoned.close();
    }
    assertThat(store.rowCount("beside"))
        .as("the abandoned writer's row rolled back")
        .isEqualTo(20_000);
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet sums =
            statement.executeQuery(
                "SELECT COUNT(DISTINCT \"id\"), MIN(\"id\"), MAX(\"id\") FROM "
                    + store.qualified("beside"))) {
      assertThat(sums.next()).isTrue();
      assertThat(List.of(sums.getLong(1), sums.getLong(2), sums.getLong(3)))
          .containsExactly(20_000L, 0L, 19_999L);
    }
  }

  @Test
  void aWriterInTheCallersTransactionCommitsAndRollsBackWithIt() throws SQLException {
    writeSmall("joined", ALL_TYPES.subList(1, 3), new Object[] {1, 10L});
    List<Column> columns = store.columns("joined");
    for (boolean commit : new boolean[] {false, true}) {
      try (Connection connection = store.dataSource().getConnection()) {
        connection.setAutoCommit(false);
        try (TableWriter writer = store.openWriter(connection, "joined", columns)) {
          for (int i = 2; i <= 1_001; i++) {
            writer.accept(new Object[] {i, (long) i * 10});
          }
          writer.finish();
          assertThat(writer.rowsWritten()).isEqualTo(1_000);
        }
        assertThat(connection.isClosed()).as("the caller's connection stays open").isFalse();
        if (commit) {
          connection.commit();
        } else {
          connection.rollback();
          assertThat(store.rowCount("joined"))
              .as("rows written in a transaction that rolled back")
              .isEqualTo(1);
        }
        connection.setAutoCommit(true);
      }
    }
    assertThat(store.rowCount("joined")).isEqualTo(1_001);
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet sum =
            statement.executeQuery(
                "SELECT SUM("
                    + store.quote(columns.get(1).name())
                    + ") FROM "
                    + store.qualified("joined"))) {
      assertThat(sum.next()).isTrue();
      assertThat(sum.getLong(1)).isEqualTo(10L * 1_001 * 1_002 / 2);
    }
    // An unfinished writer in the caller's transaction leaves the table to the caller.
    try (Connection connection = store.dataSource().getConnection()) {
      connection.setAutoCommit(false);
      try (TableWriter writer = store.openWriter(connection, "joined", columns)) {
        writer.accept(new Object[] {0, 0L});
      }
      connection.rollback();
      connection.setAutoCommit(true);
    }
    assertThat(store.listDataTables()).contains("joined");
    assertThat(store.rowCount("joined")).isEqualTo(1_001);
  }

  @Test
  void columnsAreReadBackAsTheyWereDeclared() {
    writeSmall("declared", ALL_TYPES);
    List<Column> columns = store.columns("declared");
    assertThat(columns)
        .extracting(column -> column.name().toLowerCase(Locale.ROOT))
        .containsExactlyElementsOf(ALL_TYPES.stream().map(Column::name).toList());
    assertThat(columns)
        .extracting(Column::type)
        .containsExactlyElementsOf(ALL_TYPES.stream().map(Column::type).toList());
    Column decimal = columns.get(4);
    assertThat(List.of(decimal.precision(), decimal.scale())).containsExactly(12, 3);
    assertThat(store.columnNames("declared"))
        .containsExactlyElementsOf(columns.stream().map(Column::name).toList());
  }

  @Test
  void writerClosedWithoutFinishLeavesNoTable() {
    try (TableWriter writer =
        store.openWriter("abandoned", List.of(Column.of("x", ColumnType.INTEGER)))) {
      for (int i = 0; i < 10_000; i++) {
        writer.accept(new Object[] {i});
      }
      assertThat(store.listDataTables()).contains("abandoned");
    }
    assertThat(store.listDataTables()).doesNotContain("abandoned");
    // Every connection went back to the pool: the store is still fully usable.
    for (int i = 0; i < 20; i++) {
      try (TableWriter writer =
          store.openWriter("again" + i, List.of(Column.of("x", ColumnType.INTEGER)))) {
        writer.accept(new Object[] {i});
      }
    }
    assertThat(store.listDataTables()).isEmpty();
  }

  @Test
  void createTableAsWithJoin() {
    writeSmall(
        "customers",
        List.of(Column.of("id", ColumnType.INTEGER), Column.of("name", ColumnType.VARCHAR)),
        new Object[] {1, "ann"},
        new Object[] {2, "bob"},
        new Object[] {3, "cy"});
    writeSmall(
        "orders",
        List.of(
            Column.of("customer_id", ColumnType.INTEGER), Column.of("total", ColumnType.DOUBLE)),
        new Object[] {1, 10.0},
        new Object[] {1, 5.0},
        new Object[] {2, 7.5},
        new Object[] {4, 1.0});
    AtomicReference<Statement> seen = new AtomicReference<>();
    long created =
        store.createTableAs(
            "totals",
            List.of(Column.of("name", ColumnType.VARCHAR), Column.of("total", ColumnType.DOUBLE)),
            RawQuery.of(
                "SELECT c."
                    + store.quote("name")
                    + ", SUM(o."
                    + store.quote("total")
                    + ") AS "
                    + store.quote("total")
                    + " FROM "
                    + store.qualified("customers")
                    + " c JOIN "
                    + store.qualified("orders")
                    + " o ON c."
                    + store.quote("id")
                    + " = o."
                    + store.quote("customer_id")
                    + " GROUP BY c."
                    + store.quote("name")),
            s -> {
              seen.set(s);
              return Store.Watch.NONE;
            });
    assertThat(created).isEqualTo(2);
    assertThat(seen.get()).isNotNull();
    assertThat(store.rowCount("totals")).isEqualTo(2);
    assertThat(store.listDataTables()).containsExactlyInAnyOrder("customers", "orders", "totals");
  }

  @Test
  void createTableAsReportsBadSql() {
    assertThatThrownBy(
            () ->
                store.createTableAs(
                    "broken",
                    List.of(Column.of("x", ColumnType.INTEGER)),
                    RawQuery.of("SELECT * FROM " + store.qualified("no_such_table")),
                    s -> Store.Watch.NONE))
        .isInstanceOf(TablewaveException.class)
        .hasMessageContaining("no_such_table")
        .satisfies(
            e -> assertThat(((TablewaveException) e).errorCode()).isEqualTo(ErrorCode.LOAD_FAILED));
    assertThat(store.listDataTables()).doesNotContain("broken");
  }

  @Test
  void createTableAsCanBeCancelledThroughItsStatement() throws Exception {
    java.util.concurrent.CompletableFuture<Statement> statement =
        new java.util.concurrent.CompletableFuture<>();
    Thread canceller =
        new Thread(
            () -> {
              try {
                Statement running = statement.get();
                Thread.sleep(500);
                running.cancel();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    canceller.start();
    long began = System.nanoTime();
    assertThatThrownBy(
            () ->
                store.createTableAs(
                    "slow",
                    List.of(Column.of("x", ColumnType.BIGINT)),
                    RawQuery.of(slowSelect()),
                    s -> {
                      statement.complete(s);
                      return Store.Watch.NONE;
                    }))
        .isInstanceOf(TablewaveException.class)
        .satisfies(
            e -> assertThat(((TablewaveException) e).errorCode()).isEqualTo(ErrorCode.CANCELLED));
    canceller.join();
    assertThat((System.nanoTime() - began) / 1e9).isLessThan(20);
    assertThat(store.listDataTables()).doesNotContain("slow");
  }

  @Test
  void concurrentWritersOnDifferentTables() throws Exception {
    int writers = 4;
    int rows = 20_000;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        String table = "parallel_" + w;
        Callable<Long> load =
            () -> {
              try (TableWriter writer =
                  store.openWriter(
                      table,
                      List.of(
                          Column.of("id", ColumnType.BIGINT),
                          Column.of("label", ColumnType.VARCHAR)))) {
                for (int i = 0; i < rows; i++) {
                  writer.accept(new Object[] {(long) i, table + i});
                }
                writer.finish();
                store.createTableAs(
                    table + "_copy",
                    List.of(
                        Column.of("id", ColumnType.BIGINT), Column.of("label", ColumnType.VARCHAR)),
                    RawQuery.of("SELECT * FROM " + store.qualified(table)),
                    s -> Store.Watch.NONE);
                store.dropTableIfExists(table + "_copy");
                return writer.rowsWritten();
              }
            };
        results.add(pool.submit(load));
      }
      for (Future<Long> result : results) {
        assertThat(result.get()).isEqualTo(rows);
      }
    } finally {
      pool.shutdown();
    }
    for (int w = 0; w < writers; w++) {
      assertThat(store.rowCount("parallel_" + w)).isEqualTo(rows);
    }
    assertThat(store.listDataTables())
        .containsExactlyInAnyOrder("parallel_0", "parallel_1", "parallel_2", "parallel_3");
  }

  @Test
  void dropListAndCount() {
    assertThat(store.listDataTables()).isEmpty();
    writeSmall(
        "Mixed Case",
        List.of(Column.of("x", ColumnType.INTEGER)),
        new Object[] {1},
        new Object[] {2});
    writeSmall("other", List.of(Column.of("x", ColumnType.INTEGER)));
    assertThat(store.listDataTables()).containsExactlyInAnyOrder("Mixed Case", "other");
    assertThat(store.rowCount("Mixed Case")).isEqualTo(2);
    assertThat(store.rowCount("other")).isZero();
    store.dropTableIfExists("Mixed Case");
    store.dropTableIfExists("Mixed Case");
    store.dropTableIfExists("never existed");
    assertThat(store.listDataTables()).containsExactly("other");
    assertThatThrownBy(() -> store.rowCount("Mixed Case"))
        .isInstanceOf(TablewaveException.class)
        .satisfies(
            e ->
                assertThat(((TablewaveException) e).errorCode())
                    .isEqualTo(ErrorCode.TABLE_NOT_FOUND))
        .hasMessageContaining("Mixed Case");
  }

  @Test
  void openingATableTwiceFails() {
    writeSmall("twice", List.of(Column.of("x", ColumnType.INTEGER)));
    assertThatThrownBy(() -> store.openWriter("twice", List.of(Column.of("x", ColumnType.INTEGER))))
        .isInstanceOf(TablewaveException.class)
        .hasMessageContaining("twice");
    assertThat(store.listDataTables()).containsExactly("twice");
  }

  private void writeSmall(String table, List<Column> columns, Object[]... rows) {
    try (TableWriter writer = store.openWriter(table, columns)) {
      for (Object[] row : rows) {
        writer.accept(row);
      }
      writer.finish();
    }
  }

  private List<Object[]> readAll(String sql) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    try (Connection connection = store.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      int count = resultSet.getMetaData().getColumnCount();
      while (resultSet.next()) {
        Object[] row = new Object[count];
        for (int i = 0; i < count; i++) {
          row[i] = read(resultSet, i + 1, ALL_TYPES.get(i).type());
        }
        rows.add(row);
      }
    }
    return rows;
  }

  private static Object read(ResultSet resultSet, int index, ColumnType type) throws SQLException {
    Object value =
        switch (type) {
          case BOOLEAN -> resultSet.getBoolean(index);
          case INTEGER -> resultSet.getInt(index);
          case BIGINT -> resultSet.getLong(index);
          case DOUBLE -> resultSet.getDouble(index);
          case DECIMAL -> resultSet.getBigDecimal(index);
          case VARCHAR -> resultSet.getString(index);
          case DATE -> readAs(resultSet, index, LocalDate.class);
          case TIME -> readAs(resultSet, index, LocalTime.class);
          case TIMESTAMP -> readAs(resultSet, index, LocalDateTime.class);
          case VARBINARY -> resultSet.getBytes(index);
        };
    return resultSet.wasNull() ? null : value;
  }

  /**
   * DuckDB's driver hands out java.time values from getObject(int) but its getObject(int, Class)
   * fails for TIME and loses the era of dates before year 1, so the plain form comes first.
   */
  private static Object readAs(ResultSet resultSet, int index, Class<?> type) throws SQLException {
    Object value = resultSet.getObject(index);
    return value == null || type.isInstance(value) ? value : resultSet.getObject(index, type);
  }
}
