package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalar;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.jdbc.TablewaveStatement;
import io.tablewave.server.ServerOption;
import io.tablewave.testing.BrokerProcess;
import io.tablewave.testing.Orders;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Continuous tables through the driver, against a real broker in a child JVM (so that it can be
 * stopped and started again): rows arrive without any statement, downstream tables follow, ALTER
 * TABLE SET pauses and resumes, DROP ends, a restart resumes, a broker outage degrades and heals
 * with every record once, SYS.FRESHNESS and the gauges tell the lag, the history stays bounded, and
 * a user's batch is not queued behind the refreshes. Waits are generous: the machine may be loaded.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContinuousTablesTest {
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final int HISTORY_ROWS = 40;

  @TempDir static Path brokerDir;
  private BrokerProcess broker;
  private KafkaProducer<String, String> producer;
  private TestServer server;
  private Connection connection;

  @BeforeAll
  void start() throws Exception {
    broker = BrokerProcess.start(brokerDir);
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
    producer = new KafkaProducer<>(properties);
    server =
        TestServer.start(
            TestStore.DUCKDB,
            Map.of(
                ServerOption.KAFKA_BOOTSTRAP,
                broker.bootstrapServers(),
                ServerOption.WORKERS,
                "2",
                ServerOption.METRICS_PORT,
                "0",
                ServerOption.CONTINUOUS_HISTORY_ROWS,
                String.valueOf(HISTORY_ROWS)));
    connection = server.connect();
  }

  @AfterAll
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  @Order(1)
  void rowsArriveInAContinuousTableAndItsAggregateWithoutAnyStatement() throws Exception {
    broker.createTopic("cont-orders", 2);
    produce("cont-orders", 2, 0, 100);
    executeBatch(
        connection,
        "CREATE TABLE c1_raw WITH ('refresh' = 'continuous') AS SELECT * FROM kafka://cont-orders",
        "CREATE TABLE c1_totals AS SELECT category, COUNT(*) AS n, SUM(amount) AS total"
            + " FROM c1_raw GROUP BY category");
    long batches = scalarLong(connection, "SELECT COUNT(*) FROM SYS.BATCHES");

    produce("cont-orders", 2, 100, 300);
    awaitConsistent("c1_raw", "c1_totals", 300);

    // every record once, in both tables
    assertThat(scalarLong(connection, "SELECT COUNT(DISTINCT id) FROM c1_raw")).isEqualTo(300);
    assertThat(scalarLong(connection, "SELECT SUM(total) FROM c1_totals"))
        .isEqualTo(scalarLong(connection, "SELECT SUM(amount) FROM c1_raw"));
    // nothing was submitted by a user, and the server's own refreshes left SYS.BATCHES
    await(
        "the refreshes that ran are out of SYS.BATCHES",
        () -> scalarLong(connection, "SELECT COUNT(*) FROM SYS.BATCHES") == batches);
    assertThat(
            rows(
                connection,
                "SELECT DISTINCT TABLE_NAME FROM SYS.CONTINUOUS_REFRESHES"
                    + " WHERE SCHEDULED_BY = 'C1_RAW' AND STATUS IN ('SUCCEEDED', 'UP_TO_DATE')"
                    + " ORDER BY TABLE_NAME"))
        .containsExactly(List.of("C1_RAW"), List.of("C1_TOTALS"));

    await(
        "SYS.FRESHNESS shows both tables caught up",
        () ->
            freshness("C1_RAW").equals(List.of("CONTINUOUS", "1s", 0L, 0L))
                && freshness("C1_TOTALS").equals(List.of("INCREMENTAL", "", 0L, 0L)));
    List<List<Object>> times =
        rows(
            connection,
            "SELECT LAST_REFRESH_AT, NEXT_REFRESH_AT, LAST_ERROR FROM SYS.FRESHNESS"
                + " WHERE TABLE_NAME = 'C1_RAW'");
    assertThat(times.get(0).get(0)).isNotNull();
    assertThat(times.get(0).get(1)).isNotNull();
    assertThat(times.get(0).get(2)).isNull();

    String metrics = scrape();
    assertThat(metrics).contains("tablewave_table_records_behind{table=\"C1_RAW\"} 0.0");
    assertThat(metrics).contains("tablewave_table_lag_millis{table=\"C1_TOTALS\"} 0.0");
    assertThat(metrics).contains("tablewave_table_refresh_failing{table=\"C1_RAW\"} 0.0");

    execute(connection, "DROP TABLE c1_raw CASCADE");
  }

  @Test
  @Order(2)
  void alterTableSetPausesAndResumesTheRefreshes() throws Exception {
    broker.createTopic("cont-pause", 2);
    produce("cont-pause", 2, 0, 50);
    executeBatch(
        connection,
        "CREATE TABLE p_raw WITH ('refresh' = 'continuous') AS SELECT * FROM kafka://cont-pause",
        "CREATE TABLE p_big AS SELECT id, amount FROM p_raw WHERE amount >= 50");
    produce("cont-pause", 2, 50, 100);
    awaitCount("p_raw", 100);

    execute(connection, "ALTER TABLE p_raw SET ('refresh.interval' = 'off')");
    // a refresh that had started before the pause may still end
    Thread.sleep(3_000);
    long before = scalarLong(connection, "SELECT COUNT(*) FROM p_raw");
    // a paused table keeps the mode its manual refreshes take: a SELECT * of a topic appends
    assertThat(freshness("P_RAW").subList(0, 2)).containsExactly("INCREMENTAL", "off");
    assertThat(
            scalar(
                connection, "SELECT NEXT_REFRESH_AT FROM SYS.FRESHNESS WHERE TABLE_NAME = 'P_RAW'"))
        .isNull();

    produce("cont-pause", 2, 100, 150);
    await(
        "SYS.FRESHNESS counts the records the paused table has not read",
        () -> Long.valueOf(150 - before).equals(freshness("P_RAW").get(2)));
    // several intervals pass without a refresh
    Thread.sleep(5_000);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM p_raw")).isEqualTo(before);
    assertThat((Long) freshness("P_RAW").get(3)).isPositive();

    execute(connection, "ALTER TABLE p_raw SET ('refresh' = 'continuous')");
    awaitCount("p_raw", 150);
    await(
        "the filter downstream follows",
        () ->
            scalarLong(connection, "SELECT COUNT(*) FROM p_big")
                == scalarLong(connection, "SELECT COUNT(*) FROM p_raw WHERE amount >= 50"));
    assertThat(freshness("P_RAW").subList(0, 2)).containsExactly("CONTINUOUS", "1s");

    // a longer interval makes it scheduled, at once and without a reload
    execute(connection, "ALTER TABLE p_raw SET ('refresh.interval' = '5m')");
    assertThat(freshness("P_RAW").subList(0, 2)).containsExactly("SCHEDULED", "5m");
    Timestamp next =
        (Timestamp)
            scalar(
                connection, "SELECT NEXT_REFRESH_AT FROM SYS.FRESHNESS WHERE TABLE_NAME = 'P_RAW'");
    await(
        "the next refresh is minutes away",
        () -> {
          Timestamp at =
              (Timestamp)
                  scalar(
                      connection,
                      "SELECT NEXT_REFRESH_AT FROM SYS.FRESHNESS WHERE TABLE_NAME = 'P_RAW'");
          return at != null && at.getTime() > System.currentTimeMillis() + 60_000;
        });
    assertThat(next).isNotNull();
    execute(connection, "DROP TABLE p_raw CASCADE");
  }

  @Test
  @Order(3)
  void theRefreshPropertiesAreCheckedWithClearErrors() throws Exception {
    broker.createTopic("cont-checks", 1);
    produce("cont-checks", 1, 0, 10);
    assertThatThrownBy(
            () ->
                execute(
                    connection,
                    "CREATE TABLE bad1 WITH ('refresh' = 'sometimes')"
                        + " AS SELECT * FROM kafka://cont-checks"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("'sometimes'")
        .hasMessageContaining("'continuous'");
    assertThatThrownBy(
            () ->
                execute(
                    connection,
                    "CREATE TABLE bad2 WITH ('refresh' = 'continuous', 'refresh.interval' = '10ms')"
                        + " AS SELECT * FROM kafka://cont-checks"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("refresh.interval")
        .hasMessageContaining("at least 100 ms");
    assertThatThrownBy(
            () ->
                execute(
                    connection,
                    "CREATE TABLE bad3 WITH ('refresh.interval' = '5m')"
                        + " AS SELECT * FROM kafka://cont-checks"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("'refresh' = 'continuous'");
    assertThatThrownBy(
            () ->
                execute(
                    connection,
                    "CREATE TABLE bad4 WITH ('refresh.every' = '5m')"
                        + " AS SELECT * FROM kafka://cont-checks"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Unknown property 'refresh.every'");
    execute(connection, "CREATE TABLE checked AS SELECT * FROM kafka://cont-checks");
    assertThatThrownBy(
            () ->
                execute(
                    connection,
                    "ALTER TABLE checked SET ('refresh' = 'continuous', 'refresh.interval' = 'soon')"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("'soon'")
        .hasMessageContaining("'off'");
    assertThat(rows(connection, "SELECT TABLE_NAME FROM SYS.TABLES WHERE TABLE_NAME LIKE 'BAD%'"))
        .isEmpty();
    assertThat(freshness("CHECKED").subList(0, 2)).containsExactly("INCREMENTAL", "");
    execute(connection, "DROP TABLE checked");
  }

  @Test
  @Order(4)
  void dropTableEndsTheSchedule() throws Exception {
    broker.createTopic("cont-drop", 1);
    produce("cont-drop", 1, 0, 20);
    execute(
        connection,
        "CREATE TABLE d_raw WITH ('refresh' = 'continuous') AS SELECT * FROM kafka://cont-drop");
    await(
        "a refresh of the table ran",
        () ->
            scalarLong(
                    connection,
                    "SELECT COUNT(*) FROM SYS.CONTINUOUS_REFRESHES WHERE SCHEDULED_BY = 'D_RAW'")
                > 0);
    execute(connection, "DROP TABLE d_raw");
    Thread.sleep(2_000);
    long refreshes =
        scalarLong(
            connection,
            "SELECT MAX(REFRESH_ID) FROM SYS.CONTINUOUS_REFRESHES WHERE SCHEDULED_BY = 'D_RAW'");
    Thread.sleep(4_000);
    assertThat(
            scalarLong(
                connection,
                "SELECT MAX(REFRESH_ID) FROM SYS.CONTINUOUS_REFRESHES WHERE SCHEDULED_BY = 'D_RAW'"))
        .isEqualTo(refreshes);
    assertThat(rows(connection, "SELECT * FROM SYS.FRESHNESS WHERE TABLE_NAME = 'D_RAW'"))
        .isEmpty();
  }

  @Test
  @Order(5)
  void theHistoryOfRefreshesStaysWithinItsRetention() throws Exception {
    broker.createTopic("cont-history", 1);
    produce("cont-history", 1, 0, 10);
    execute(
        connection,
        "CREATE TABLE h_raw WITH ('refresh' = 'continuous', 'refresh.interval' = '200ms')"
            + " AS SELECT * FROM kafka://cont-history");
    await(
        "the history is full",
        () ->
            scalarLong(connection, "SELECT COUNT(*) FROM SYS.CONTINUOUS_REFRESHES")
                == HISTORY_ROWS);
    long first = scalarLong(connection, "SELECT MIN(REFRESH_ID) FROM SYS.CONTINUOUS_REFRESHES");
    await(
        "older rows make room for newer ones",
        () ->
            scalarLong(connection, "SELECT MIN(REFRESH_ID) FROM SYS.CONTINUOUS_REFRESHES")
                > first + HISTORY_ROWS);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.CONTINUOUS_REFRESHES"))
        .isEqualTo(HISTORY_ROWS);
    execute(connection, "DROP TABLE h_raw");
  }

  @Test
  @Order(6)
  void aUserBatchStartsPromptlyWhileFiftyContinuousTablesRefresh() throws Exception {
    broker.createTopic("cont-fair", 2);
    broker.createTopic("cont-fair-user", 1);
    produce("cont-fair", 2, 0, 5_000);
    produce("cont-fair-user", 1, 0, 10);
    List<String> creates = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      creates.add(
          "CREATE TABLE fair_"
              + i
              + " WITH ('refresh' = 'continuous') AS SELECT * FROM kafka://cont-fair");
    }
    executeBatch(connection, creates.toArray(String[]::new));
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicInteger produced = new AtomicInteger(5_000);
    CompletableFuture<Void> background =
        CompletableFuture.runAsync(
            () -> {
              while (producing.get()) {
                int from = produced.getAndAdd(20);
                produce("cont-fair", 2, from, from + 20);
                sleep(300);
              }
            });
    try {
      await(
          "the continuous tables are reloading",
          () ->
              scalarLong(
                      connection,
                      "SELECT COUNT(*) FROM SYS.CONTINUOUS_REFRESHES"
                          + " WHERE SCHEDULED_BY LIKE 'FAIR%' AND STATUS = 'SUCCEEDED'"
                          + " AND ROWS_LOADED > 0")
                  >= 10);
      long longestRefresh =
          scalarLong(
              connection,
              "SELECT MAX(TIMESTAMPDIFF(SECOND, STARTED_AT, FINISHED_AT)) * 1000 + 999"
                  + " FROM SYS.CONTINUOUS_REFRESHES WHERE SCHEDULED_BY LIKE 'FAIR%'");

      long batchId;
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE fair_user AS SELECT * FROM kafka://cont-fair-user");
        batchId = statement.unwrap(TablewaveStatement.class).lastBatchId().getAsLong();
      }
      List<Object> times =
          rows(
                  connection,
                  "SELECT b.SUBMITTED_AT, t.STARTED_AT FROM SYS.BATCHES b"
                      + " JOIN SYS.BATCH_TABLES t ON t.BATCH_ID = b.BATCH_ID"
                      + " WHERE b.BATCH_ID = "
                      + batchId)
              .get(0);
      long waited = ((Timestamp) times.get(1)).getTime() - ((Timestamp) times.get(0)).getTime();
      // 50 refreshes queued ahead of it would take about 50 times the longest one
      assertThat(waited)
          .as(
              "waited %d ms for a worker; the longest refresh took up to %d ms",
              waited, longestRefresh)
          .isLessThanOrEqualTo(longestRefresh + 5_000);
      assertThat(scalarLong(connection, "SELECT COUNT(*) FROM fair_user")).isEqualTo(10);
    } finally {
      producing.set(false);
      background.get(60, TimeUnit.SECONDS);
      for (int i = 0; i < 50; i++) {
        execute(connection, "DROP TABLE IF EXISTS fair_" + i);
      }
      execute(connection, "DROP TABLE IF EXISTS fair_user");
    }
  }

  @Test
  @Order(7)
  void aRestartResumesTheSchedulesFromTheRegistry() throws Exception {
    broker.createTopic("cont-restart", 2);
    produce("cont-restart", 2, 0, 100);
    executeBatch(
        connection,
        "CREATE TABLE r_raw WITH ('refresh' = 'continuous') AS SELECT * FROM kafka://cont-restart",
        "CREATE TABLE r_totals AS SELECT category, COUNT(*) AS n FROM r_raw GROUP BY category");
    connection.close();
    server.restart();
    connection = server.connect();

    produce("cont-restart", 2, 100, 250);
    awaitConsistent("r_raw", "r_totals", 250);
    assertThat(scalarLong(connection, "SELECT COUNT(DISTINCT id) FROM r_raw")).isEqualTo(250);
    execute(connection, "DROP TABLE r_raw CASCADE");
  }

  @Test
  @Order(8)
  void aBrokerOutageDegradesTheTableAndTheRefreshesResumeWithEveryRecordOnce() throws Exception {
    broker.createTopic("cont-outage", 2);
    produce("cont-outage", 2, 0, 200);
    executeBatch(
        connection,
        "CREATE TABLE o_raw WITH ('refresh' = 'continuous', 'kafka.request.timeout.ms' = '3000')"
            + " AS SELECT * FROM kafka://cont-outage",
        "CREATE TABLE o_totals AS SELECT category, COUNT(*) AS n FROM o_raw GROUP BY category");
    awaitConsistent("o_raw", "o_totals", 200);

    long stoppedAt = System.nanoTime();
    broker.stop(false);
    await(
        "the failing refresh is the table's last error and degrades it",
        () ->
            scalar(connection, "SELECT LAST_ERROR FROM SYS.FRESHNESS WHERE TABLE_NAME = 'O_RAW'")
                    != null
                && "DEGRADED"
                    .equals(
                        scalar(
                            connection,
                            "SELECT HEALTH FROM SYS.TABLES WHERE TABLE_NAME = 'O_RAW'")));
    long queryStarted = System.nanoTime();
    List<List<Object>> whileDown =
        rows(
            connection,
            "SELECT RECORDS_BEHIND, LAST_ERROR FROM SYS.FRESHNESS WHERE TABLE_NAME = 'O_RAW'");
    assertThat(Duration.ofNanos(System.nanoTime() - queryStarted))
        .as("SYS.FRESHNESS answers while the broker is down")
        .isLessThan(Duration.ofSeconds(30));
    assertThat((String) whileDown.get(0).get(1)).isNotBlank();
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM o_raw")).isEqualTo(200);
    long downFor = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt);
    if (downFor < 20_000) {
      Thread.sleep(20_000 - downFor);
    }
    assertThat(
            scalarLong(
                connection,
                "SELECT COUNT(*) FROM SYS.CONTINUOUS_REFRESHES"
                    + " WHERE SCHEDULED_BY = 'O_RAW' AND STATUS = 'FAILED'"))
        .as("a few failed tries, backing off, not a spin")
        .isBetween(1L, 15L);

    broker.restart();
    produce("cont-outage", 2, 200, 300);
    awaitConsistent("o_raw", "o_totals", 300);
    await(
        "the table is healthy again and its last error gone",
        () ->
            "HEALTHY"
                    .equals(
                        scalar(
                            connection, "SELECT HEALTH FROM SYS.TABLES WHERE TABLE_NAME = 'O_RAW'"))
                && scalar(
                        connection,
                        "SELECT LAST_ERROR FROM SYS.FRESHNESS WHERE TABLE_NAME = 'O_RAW'")
                    == null);
    assertThat(scalarLong(connection, "SELECT COUNT(DISTINCT id) FROM o_raw")).isEqualTo(300);
    assertThat(
            scalarLong(
                connection, "SELECT COUNT(DISTINCT _partition * 1000000 + _offset) FROM o_raw"))
        .isEqualTo(300);
    execute(connection, "DROP TABLE o_raw CASCADE");
  }

  private void produce(String topic, int partitions, int from, int to) {
    Orders.produce(producer, topic, partitions, from, to);
  }

  /**
   * Waits until the table holds {@code rows} rows and its aggregate counts all of them; meanwhile
   * the aggregate never counts a row its input does not have.
   */
  private void awaitConsistent(String table, String totals, long rows) throws Exception {
    await(
        table + " and " + totals + " hold " + rows + " rows",
        () -> {
          long counted = scalarLong(connection, "SELECT COALESCE(SUM(n), 0) FROM " + totals);
          long present = scalarLong(connection, "SELECT COUNT(*) FROM " + table);
          assertThat(counted)
              .as("%s never counts rows %s does not have yet", totals, table)
              .isLessThanOrEqualTo(present);
          return present == rows && counted == rows;
        });
  }

  private void awaitCount(String table, long rows) throws Exception {
    await(
        table + " holds " + rows + " rows",
        () -> scalarLong(connection, "SELECT COUNT(*) FROM " + table) == rows);
  }

  /** REFRESH_MODE, REFRESH_INTERVAL ("" for none), RECORDS_BEHIND, LAG_MILLIS of a table. */
  private List<Object> freshness(String table) throws SQLException {
    List<List<Object>> found =
        rows(
            connection,
            "SELECT REFRESH_MODE, COALESCE(REFRESH_INTERVAL, ''), RECORDS_BEHIND, LAG_MILLIS"
                + " FROM SYS.FRESHNESS WHERE TABLE_NAME = '"
                + table
                + "'");
    assertThat(found).as("SYS.FRESHNESS row of %s", table).hasSize(1);
    List<Object> row = new ArrayList<>(found.get(0));
    for (int i = 2; i < 4; i++) {
      if (row.get(i) instanceof Number number) {
        row.set(i, number.longValue());
      }
    }
    return row;
  }

  private String scrape() throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:" + server.metricsPort().getAsInt() + "/metrics"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void await(String what, Condition condition) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      if (condition.holds()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited " + WAIT.toSeconds() + " s in vain for: " + what);
      }
      Thread.sleep(250);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
