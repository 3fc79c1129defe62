package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.lastBatchId;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalar;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.testing.Orders;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** CTAS from Kafka topics through the driver, against a real broker, run once per store. */
abstract class KafkaLoadingSuite extends BrokerAndServerSuite {
  private void produce(String topic, int partitions, List<String> values) throws Exception {
    kafka.createTopic(topic, partitions);
    for (int i = 0; i < values.size(); i++) {
      producer.send(new ProducerRecord<>(topic, i % partitions, "k" + i, values.get(i)));
    }
    producer.flush();
  }

  private static List<String> orders(int count) {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(Orders.json(i));
    }
    return values;
  }

  @Test
  void seedChainLoadsRawFilteredAndAggregatedTablesFromATopic() throws Exception {
    produce("source-topic", 4, orders(1000));
    int[] counts =
        executeBatch(
            connection,
            "CREATE TABLE aggregated AS SELECT category, COUNT(*) AS n, SUM(amount) AS total FROM filtered"
                + " GROUP BY category",
            "CREATE TABLE raw AS SELECT * FROM kafka://source-topic",
            "CREATE TABLE filtered AS SELECT id, amount, category FROM raw WHERE amount >= 50");
    assertThat(counts).containsExactly(5, 1000, 500);
    long expectedTotal = 0;
    for (int i = 0; i < 1000; i++) {
      expectedTotal += i % 100 >= 50 ? i % 100 : 0;
    }
    assertThat(scalarLong(connection, "SELECT SUM(total) FROM aggregated"))
        .isEqualTo(expectedTotal);
    assertThat(scalarLong(connection, "SELECT SUM(n) FROM aggregated")).isEqualTo(500);
    assertThat(
            rows(
                connection,
                "SELECT DEPENDS_ON, KIND FROM SYS.DEPENDENCIES WHERE TABLE_NAME = 'RAW'"))
        .containsExactly(List.of("source-topic", "KAFKA_TOPIC"));
    assertThat(
            rows(
                connection,
                "SELECT COUNT(*), MIN(START_OFFSET), SUM(END_OFFSET) FROM SYS.KAFKA_OFFSETS"
                    + " WHERE TABLE_NAME = 'RAW' AND TOPIC = 'source-topic'"))
        .containsExactly(List.of(4L, 0L, 1000L));
    long batch = lastBatchId(connection);
    assertThat(
            rows(
                connection,
                "SELECT ROWS_LOADED, ROWS_EXPECTED FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batch
                    + " AND TABLE_NAME = 'RAW'"))
        .containsExactly(List.of(1000L, 1000L));
    assertThat(
            rows(connection, "SELECT _partition, COUNT(*) FROM raw GROUP BY _partition ORDER BY 1"))
        .containsExactly(List.of(0, 250L), List.of(1, 250L), List.of(2, 250L), List.of(3, 250L));
  }

  @Test
  void theThreeSourceFormsReadTheSameTopic() throws Exception {
    produce("forms.topic_1", 2, orders(200));
    executeBatch(
        connection,
        "CREATE TABLE form_quoted_identifier AS SELECT COUNT(*) AS n, SUM(amount) AS s FROM KAFKA.\"forms.topic_1\"",
        "CREATE TABLE form_bare AS SELECT COUNT(*) AS n, SUM(amount) AS s FROM kafka://forms.topic_1",
        "CREATE TABLE form_string AS SELECT COUNT(*) AS n, SUM(amount) AS s FROM 'kafka://forms.topic_1'");
    List<List<Object>> expected = List.of(List.of(200L, 9900L));
    assertThat(rows(connection, "SELECT n, s FROM form_quoted_identifier")).isEqualTo(expected);
    assertThat(rows(connection, "SELECT n, s FROM form_bare")).isEqualTo(expected);
    assertThat(rows(connection, "SELECT n, s FROM form_string")).isEqualTo(expected);
  }

  @Test
  void aWholeTopicKeptAsItWasStagedMatchesACopyOfIt() throws Exception {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      values.add(
          "{\"id\": "
              + i
              + ", \"price\": "
              + (i % 7)
              + "."
              + (i % 10)
              + ", \"paid\": "
              + (i % 2 == 0)
              + ", \"note\": "
              + (i % 3 == 0 ? "null" : "\"n" + i + "\"")
              + "}");
    }
    produce("whole-topic", 3, values);
    // SELECT * of one topic keeps the staged table; any other query copies it into a new one.
    executeBatch(
        connection,
        "CREATE TABLE whole_kept AS SELECT * FROM kafka://whole-topic",
        "CREATE TABLE whole_aliased AS SELECT * FROM kafka://whole-topic AS t",
        "CREATE TABLE whole_copied AS SELECT * FROM kafka://whole-topic WHERE 1 = 1");

    String columns =
        "SELECT COLUMN_NAME, DATA_TYPE, IS_NULLABLE, CHARACTER_MAXIMUM_LENGTH, NUMERIC_PRECISION,"
            + " NUMERIC_SCALE FROM INFORMATION_SCHEMA.COLUMNS"
            + " WHERE TABLE_NAME = '%s' ORDER BY ORDINAL_POSITION";
    List<List<Object>> copiedColumns = rows(connection, columns.formatted("WHOLE_COPIED"));
    assertThat(copiedColumns).hasSize(8);
    assertThat(rows(connection, columns.formatted("WHOLE_KEPT"))).isEqualTo(copiedColumns);
    assertThat(rows(connection, columns.formatted("WHOLE_ALIASED"))).isEqualTo(copiedColumns);
    for (String table : List.of("whole_kept", "whole_aliased")) {
      assertThat(scalarLong(connection, "SELECT COUNT(*) FROM " + table)).isEqualTo(300);
      assertThat(
              scalarLong(
                  connection,
                  "SELECT COUNT(*) FROM (SELECT * FROM "
                      + table
                      + " EXCEPT SELECT * FROM whole_copied) AS d"))
          .isZero();
      assertThat(
              rows(
                  connection,
                  "SELECT ROW_COUNT FROM SYS.TABLES WHERE TABLE_NAME = '"
                      + table.toUpperCase(java.util.Locale.ROOT)
                      + "'"))
          .containsExactly(List.of(300L));
    }
    assertThat(
            rows(
                connection,
                "SELECT COUNT(*) FROM SYS.KAFKA_OFFSETS WHERE TABLE_NAME = 'WHOLE_KEPT'"))
        .containsExactly(List.of(3L));
  }

  @Test
  void topicsJoinTablesWithFieldNamesInAnyCase() throws Exception {
    produce(
        "orders-by-customer",
        2,
        List.of(
            "{\"orderId\": 1, \"customer\": 10, \"amount\": 5.5, \"Note\": \"first\"}",
            "{\"orderId\": 2, \"customer\": 20, \"amount\": 12.25, \"Note\": null}",
            "{\"orderId\": 3, \"customer\": 10, \"amount\": 30.0, \"Note\": \"big\"}"));
    executeBatch(
        connection,
        "CREATE TABLE buyers AS SELECT * FROM (VALUES (10, 'Ada'), (20, 'Grace')) AS t(id, name)",
        "CREATE TABLE big_orders AS SELECT o.ORDERID AS order_id, o.\"amount\", b.name, o.note"
            + " FROM kafka://orders-by-customer o JOIN buyers b ON o.Customer = b.id WHERE AMOUNT > 10",
        "CREATE TABLE spend AS SELECT name, SUM(\"AMOUNT\") AS total, COUNT(*) AS n FROM big_orders GROUP BY name");
    assertThat(
            rows(connection, "SELECT order_id, \"amount\", name, note FROM big_orders ORDER BY 1"))
        .containsExactly(Arrays.asList(2L, 12.25, "Grace", null), List.of(3L, 30.0, "Ada", "big"));
    assertThat(rows(connection, "SELECT name, total, n FROM spend ORDER BY name"))
        .containsExactly(List.of("Ada", 30.0, 1L), List.of("Grace", 12.25, 1L));
    assertThat(
            rows(
                connection,
                "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'BIG_ORDERS'"
                    + " ORDER BY ORDINAL_POSITION"))
        .containsExactly(List.of("ORDER_ID"), List.of("amount"), List.of("NAME"), List.of("NOTE"));
  }

  @Test
  void anEmptyTopicGivesAnEmptyActiveTable() throws Exception {
    kafka.createTopic("empty-topic", 3);
    executeBatch(connection, "CREATE TABLE from_empty AS SELECT * FROM kafka://empty-topic");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM from_empty")).isZero();
    assertThat(
            rows(
                connection,
                "SELECT STATUS, ROW_COUNT FROM SYS.TABLES WHERE TABLE_NAME = 'FROM_EMPTY'"))
        .containsExactly(List.of("ACTIVE", 0L));
  }

  @Test
  void aBadRecordFailsTheLoadNamingWhereItIsOrIsSkippedAndCounted() throws Exception {
    List<String> values = new ArrayList<>(orders(50));
    values.set(20, "{\"id\": 20, \"amount\": oops");
    produce("bad-topic", 1, values);
    assertThatThrownBy(
            () -> execute(connection, "CREATE TABLE bad_fail AS SELECT * FROM kafka://bad-topic"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("bad-topic")
        .hasMessageContaining("partition 0")
        .hasMessageContaining("offset 20");
    assertThat(rows(connection, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME = 'BAD_FAIL'"))
        .isEmpty();

    execute(
        connection,
        "CREATE TABLE bad_skip WITH ('on-bad-record' = 'skip') AS SELECT * FROM kafka://bad-topic");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM bad_skip")).isEqualTo(49);
    List<List<Object>> health =
        rows(
            connection,
            "SELECT HEALTH, BAD_RECORDS, ISSUES FROM SYS.TABLES WHERE TABLE_NAME = 'BAD_SKIP'");
    assertThat(health.get(0).subList(0, 2)).containsExactly("DEGRADED", 1L);
    assertThat((String) health.get(0).get(2)).contains("1 bad records");
  }

  @Test
  void aFieldAppearingAfterTheSampleDegradesTheTableAndIsNamed() throws Exception {
    List<String> values = new ArrayList<>();
    for (int i = 0; i < 1200; i++) {
      values.add(i < 1100 ? "{\"id\": " + i + "}" : "{\"id\": " + i + ", \"late_field\": \"x\"}");
    }
    produce("drift-topic", 1, values);
    execute(connection, "CREATE TABLE drifted AS SELECT * FROM kafka://drift-topic");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM drifted")).isEqualTo(1200);
    List<List<Object>> health =
        rows(connection, "SELECT HEALTH, ISSUES FROM SYS.TABLES WHERE TABLE_NAME = 'DRIFTED'");
    assertThat(health.get(0).get(0)).isEqualTo("DEGRADED");
    assertThat((String) health.get(0).get(1)).contains("late_field").contains("100 records");
  }

  @Test
  void aMissingTopicRejectsTheBatchBeforeAnythingRuns() throws Exception {
    long tables = scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES");
    assertThatThrownBy(
            () ->
                executeBatch(
                    connection,
                    "CREATE TABLE fine_table AS SELECT * FROM (VALUES (1)) AS t(x)",
                    "CREATE TABLE from_nowhere AS SELECT * FROM kafka://no-such-topic"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("no-such-topic")
        .hasMessageContaining("FROM_NOWHERE");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES")).isEqualTo(tables);
  }

  @Test
  void anUnknownColumnOfATopicRejectsTheBatchBeforeAnythingLoadsAndExplainShowsEveryProblem()
      throws Exception {
    produce("val-topic", 2, orders(20));
    String spend =
        "CREATE TABLE val_spend AS SELECT category, SUM(amout) AS total FROM kafka://val-topic"
            + " GROUP BY category";
    String script =
        "CREATE TABLE val_raw AS SELECT * FROM kafka://val-topic;\n"
            + spend
            + ";\n"
            + "CREATE TABLE val_cats AS SELECT id, categry FROM val_raw";
    long tables = scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES");
    long offsets = scalarLong(connection, "SELECT COUNT(*) FROM SYS.KAFKA_OFFSETS");

    assertThatThrownBy(() -> execute(connection, script))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining(
            "table VAL_SPEND (statement 2, line 2, column "
                + (spend.indexOf("amout") + 1)
                + "): Column 'AMOUT' not found in any table; did you mean \"amount\"?");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES")).isEqualTo(tables);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.KAFKA_OFFSETS")).isEqualTo(offsets);

    assertThat(rows(connection, "EXPLAIN " + script))
        .extracting(row -> (String) row.get(6))
        .satisfiesExactly(
            problem -> assertThat(problem).isNull(),
            problem ->
                assertThat(problem)
                    .contains("Column 'AMOUT' not found in any table; did you mean \"amount\"?"),
            problem ->
                assertThat(problem)
                    .startsWith(
                        "table VAL_CATS (statement 3, line 3, column 37): Column 'CATEGRY'"
                            + " not found in any table; did you mean \"category\"?"));
  }

  @Test
  void declaredColumnTypesReplaceInferenceAndUnlistedFieldsAreStillInferred() throws Exception {
    List<String> values = new ArrayList<>();
    BigDecimal total = BigDecimal.ZERO;
    for (int i = 0; i < 400; i++) {
      // amounts written with one, two or no decimals: inferred they would be DOUBLE
      BigDecimal amount =
          new BigDecimal(i % 3 == 0 ? (i + 0.1) + "" : i % 3 == 1 ? (i + 0.25) + "" : i + "");
      total = total.add(amount);
      values.add(
          "{\"id\": "
              + i
              + ", \"amount\": "
              + amount.toPlainString()
              + ", \"ts\": \"2026-11-0"
              + (1 + i % 9)
              + "T10:15:30.123Z\", \"day\": \"2026-11-0"
              + (1 + i % 9)
              + "\", \"note\": \"n"
              + i
              + "\"}");
    }
    produce("declared-topic", 2, values);
    executeBatch(
        connection,
        "CREATE TABLE declared WITH ('columns' = 'amount DECIMAL(12,2), ts TIMESTAMP(3), \"Day\" DATE,"
            + " missing_field INTEGER') AS SELECT * FROM kafka://declared-topic",
        "CREATE TABLE declared_sum AS SELECT SUM(amount) AS total, COUNT(DISTINCT ts) AS times,"
            + " MIN(\"day\") AS first_day FROM declared");
    assertThat(
            rows(
                    connection,
                    "SELECT COLUMN_NAME, DATA_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE"
                        + " FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'DECLARED' AND COLUMN_NAME NOT LIKE '\\_%' ESCAPE '\\'"
                        + " ORDER BY ORDINAL_POSITION")
                .stream()
                .map(row -> row.subList(0, 2))
                .toList())
        .containsExactly(
            List.of("id", "BIGINT"),
            List.of("amount", "DECIMAL"),
            List.of("ts", "TIMESTAMP"),
            List.of("day", "DATE"),
            List.of("note", "VARCHAR"),
            List.of("missing_field", "INTEGER"));
    assertThat(
            rows(
                connection,
                "SELECT NUMERIC_PRECISION, NUMERIC_SCALE FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'DECLARED' AND COLUMN_NAME = 'amount'"))
        .containsExactly(List.of(12, 2));
    List<Object> sum = rows(connection, "SELECT total, times, first_day FROM declared_sum").get(0);
    assertThat((BigDecimal) sum.get(0)).isEqualByComparingTo(total);
    assertThat(sum.get(1)).isEqualTo(9L);
    assertThat(sum.get(2).toString()).isEqualTo("2026-11-01");
    assertThat(
            rows(connection, "SELECT CAST(ts AS VARCHAR(30)) FROM declared WHERE id = 0")
                .get(0)
                .get(0)
                .toString())
        .startsWith("2026-11-01 10:15:30.123");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM declared WHERE missing_field IS NULL"))
        .isEqualTo(400);
  }

  @Test
  void numbersWithAFixedNumberOfDecimalsAreInferredAsDecimalSoTheRevenueTourAddsUpExactly()
      throws Exception {
    List<String> customers = new ArrayList<>();
    for (int id = 1; id <= 20; id++) {
      customers.add(
          "{\"customer_id\": " + id + ", \"country\": \"" + (id % 2 == 0 ? "DE" : "FR") + "\"}");
    }
    produce("tour-customers", 2, customers);
    java.util.Random random = new java.util.Random(7);
    List<String> orders = new ArrayList<>();
    BigDecimal de = BigDecimal.ZERO;
    for (int id = 1; id <= 3000; id++) {
      int customer = 1 + random.nextInt(20);
      String amount = String.format(java.util.Locale.ROOT, "%.2f", 5 + random.nextDouble() * 495);
      if (customer % 2 == 0) {
        de = de.add(new BigDecimal(amount));
      }
      orders.add(
          "{\"order_id\": "
              + id
              + ", \"customer_id\": "
              + customer
              + ", \"amount\": "
              + amount
              + "}");
    }
    produce("tour-orders", 4, orders);
    executeBatch(
        connection,
        "CREATE TABLE tour_customers AS SELECT * FROM kafka://tour-customers",
        "CREATE TABLE tour_orders AS SELECT * FROM kafka://tour-orders",
        "CREATE TABLE tour_revenue AS SELECT c.country, COUNT(*) AS orders, SUM(o.amount) AS revenue"
            + " FROM tour_orders o JOIN tour_customers c ON o.customer_id = c.customer_id GROUP BY c.country");
    assertThat(
            rows(
                connection,
                "SELECT DATA_TYPE, NUMERIC_PRECISION, NUMERIC_SCALE FROM INFORMATION_SCHEMA.COLUMNS"
                    + " WHERE TABLE_NAME = 'TOUR_ORDERS' AND COLUMN_NAME = 'amount'"))
        .containsExactly(List.of("DECIMAL", 18, 2));
    List<List<Object>> revenue =
        rows(connection, "SELECT country, revenue FROM tour_revenue ORDER BY country");
    assertThat(revenue).hasSize(2);
    assertThat((BigDecimal) revenue.get(0).get(1)).isEqualByComparingTo(de);
    for (List<Object> row : revenue) {
      assertThat(row.get(1).toString()).as("printed as money").matches("\\d+\\.\\d{2}");
    }
  }

  @Test
  void aBadColumnsPropertyIsAPlanningErrorNamingTheStatement() throws Exception {
    produce("declared-bad", 1, List.of("{\"amount\": 1.5}"));
    long tables = scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES");
    for (List<String> bad :
        List.of(
            List.of("amount MONEY", "unknown type MONEY for field 'amount'"),
            List.of("amount DECIMAL(12,", "syntax error at column 18"),
            List.of(
                "amount DECIMAL(12,2) ts TIMESTAMP",
                "found \"ts\", expected ',' or the end after the type of 'amount'"),
            List.of(
                "amount DECIMAL(12,2), AMOUNT DOUBLE",
                "field 'AMOUNT' is declared twice (also as 'amount')"))) {
      assertThatThrownBy(
              () ->
                  executeBatch(
                      connection,
                      "CREATE TABLE fine_before AS SELECT 1 AS x",
                      "CREATE TABLE declared_bad WITH ('columns' = '"
                          + bad.get(0)
                          + "') AS SELECT * FROM kafka://declared-bad"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("Table DECLARED_BAD (statement 2, line 1)")
          .hasMessageContaining("property 'columns'")
          .hasMessageContaining(bad.get(1));
    }
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES")).isEqualTo(tables);
  }

  @Test
  void aValueThatDoesNotFitItsDeclaredTypeIsABadRecord() throws Exception {
    produce(
        "declared-misfit",
        1,
        List.of("{\"amount\": 1.25}", "{\"amount\": 1.255}", "{\"amount\": \"2.50\"}"));
    assertThatThrownBy(
            () ->
                execute(
                    connection,
                    "CREATE TABLE misfit WITH ('columns' = 'amount DECIMAL(6,2)')"
                        + " AS SELECT * FROM kafka://declared-misfit"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("offset 1")
        .hasMessageContaining(
            "field 'amount' is 1.255, which has more decimals than its column DECIMAL(6, 2)");
    execute(
        connection,
        "CREATE TABLE misfit_skip WITH ('columns' = 'amount DECIMAL(6,2)', 'on-bad-record' = 'skip')"
            + " AS SELECT * FROM kafka://declared-misfit");
    assertThat(((BigDecimal) scalar(connection, "SELECT SUM(amount) FROM misfit_skip")))
        .isEqualByComparingTo(new BigDecimal("3.75"));
  }

  @Test
  void aTopicCanBePeekedAtWithSelect() throws Exception {
    produce("peek-topic", 2, orders(500));
    List<List<Object>> peek =
        rows(connection, "SELECT id, amount, _partition FROM KAFKA.\"peek-topic\" LIMIT 10");
    assertThat(peek).hasSize(10);
  }

  @Test
  void aPeekLongerThanOneFrameReadsEveryTimestampAsRecorded() throws Exception {
    kafka.createTopic("timed-peek", 1);
    long base = 1_700_000_000_000L;
    // more rows than the first frame holds (100): the rest come in frames built by Tablewave
    int count = 2_500;
    for (int i = 0; i < count; i++) {
      producer.send(
          new ProducerRecord<>("timed-peek", 0, base + i * 1_001L, "k" + i, Orders.json(i)));
    }
    producer.flush();
    List<String> wrong = new ArrayList<>();
    int read = 0;
    try (Statement statement = connection.createStatement();
        ResultSet peek =
            statement.executeQuery("SELECT id, _timestamp FROM KAFKA.\"timed-peek\"")) {
      while (peek.next()) {
        long id = peek.getLong(1);
        LocalDateTime recorded =
            LocalDateTime.ofEpochSecond(0, 0, ZoneOffset.UTC)
                .plus(Duration.ofMillis(base + id * 1_001L));
        LocalDateTime shown = peek.getTimestamp(2).toLocalDateTime();
        if (!recorded.equals(shown)) {
          wrong.add("record " + id + ": " + shown + " instead of " + recorded);
        }
        read++;
      }
    }
    assertThat(read).isEqualTo(count);
    assertThat(wrong).isEmpty();
  }

  @Test
  void progressOfARunningLoadIsVisibleFromAnotherConnection() throws Exception {
    // SYS.PROGRESS is updated every 500 ms: the load must take several times that on every store.
    int count = 1_000_000;
    produce("big-topic", 4, orders(count));
    CompletableFuture<Void> load =
        CompletableFuture.runAsync(
            () -> {
              try (Connection loader = server.connect()) {
                execute(loader, "CREATE TABLE big_load AS SELECT * FROM kafka://big-topic");
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    List<Long> seen = new ArrayList<>();
    try (Connection watcher = server.connect()) {
      while (!load.isDone()) {
        for (List<Object> row :
            rows(
                watcher,
                "SELECT ROWS_LOADED, ROWS_EXPECTED, STATUS FROM SYS.PROGRESS"
                    + " WHERE TABLE_NAME = 'BIG_LOAD'")) {
          if ("LOADING".equals(row.get(2)) && row.get(1) != null) {
            assertThat(((Number) row.get(1)).longValue()).isEqualTo(count);
            seen.add(((Number) row.get(0)).longValue());
          }
        }
        Thread.sleep(20);
      }
    }
    load.get(120, TimeUnit.SECONDS);
    assertThat(seen).as("progress rows observed while loading").isNotEmpty();
    assertThat(seen.stream().distinct().count())
        .as("distinct row counts seen: %s", seen)
        .isGreaterThan(1);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM big_load")).isEqualTo(count);
  }
}
