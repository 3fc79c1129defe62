package io.tablewave.e2e;

import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.BrokerProcess;
import io.tablewave.testing.DuckDbFiles;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Kafka broker that goes away in the middle of a load: the load fails within bounded time with a
 * clear message and leaves no table, or, with {@code retries}, succeeds once the broker is back.
 * The broker runs in a child JVM so that it can be killed and started again at the same address.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KafkaFaultsTest {
  private static final int RECORDS = 60_000;

  /** Small fetches, so that a load of this topic lasts long enough to be interrupted. */
  private static final String SLOW_READ =
      "'kafka.max.partition.fetch.bytes' = '512', 'kafka.request.timeout.ms' = '1000'";

  @TempDir static Path brokerDir;
  private BrokerProcess broker;
  private TestServer server;
  private Connection connection;

  @BeforeAll
  void start() throws Exception {
    broker = BrokerProcess.start(brokerDir);
    broker.createTopic("sensor-readings", 4);
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    // Small record batches, so that the loads' small fetches really return few records each.
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, "1024");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
      for (int i = 0; i < RECORDS; i++) {
        producer.send(
            new ProducerRecord<>(
                "sensor-readings",
                "s" + (i % 50),
                "{\"sensor\": " + (i % 50) + ", \"reading\": " + i + ", \"unit\": \"celsius\"}"));
      }
      producer.flush();
    }
    startServer();
  }

  @AfterAll
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void brokerKilledMidLoadFailsTheLoadWithAClearMessageAndLeavesNoTable() throws Exception {
    CompletableFuture<Throwable> load =
        loadInBackground(
            "CREATE TABLE readings_lost WITH ("
                + SLOW_READ
                + ")"
                + " AS SELECT * FROM kafka://sensor-readings");
    long batch = awaitRowsLoaded("READINGS_LOST");
    long killedAt = System.nanoTime();
    broker.stop(true);
    try {
      Throwable failure = load.get(90, TimeUnit.SECONDS);
      long millis = (System.nanoTime() - killedAt) / 1_000_000;
      System.out.printf("a load whose broker was killed failed %d ms later%n", millis);
      assertThat(failure)
          .isInstanceOf(BatchUpdateException.class)
          .hasMessageContaining("READINGS_LOST failed")
          .hasMessageContaining(broker.bootstrapServers());
      assertThat(
              rows(
                  connection,
                  "SELECT STATUS, ATTEMPTS FROM SYS.BATCH_TABLES WHERE BATCH_ID = " + batch))
          .containsExactly(List.of("FAILED", 1));
      assertThat(rows(connection, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME = 'READINGS_LOST'"))
          .isEmpty();
      assertThat(millis)
          .as("the load noticed the missing broker within its request timeouts")
          .isLessThan(30_000);
      assertThat(storeTablesAfterStop()).noneMatch(name -> name.startsWith("READINGS_LOST"));
    } finally {
      broker.restart();
      startServer();
    }
  }

  @Test
  void withRetriesALoadSurvivesABrokerThatComesBack() throws Exception {
    CompletableFuture<Throwable> load =
        loadInBackground(
            "CREATE TABLE readings_retried WITH ("
                + SLOW_READ
                + ", 'retries' = '6') AS SELECT * FROM kafka://sensor-readings");
    long batch = awaitRowsLoaded("READINGS_RETRIED");
    broker.stop(true);
    Thread.sleep(6_000);
    broker.restart();
    assertThat(load.get(120, TimeUnit.SECONDS))
        .as("the load succeeded after the broker came back")
        .isNull();
    assertThat(rows(connection, "SELECT STATUS FROM SYS.BATCH_TABLES WHERE BATCH_ID = " + batch))
        .containsExactly(List.of("SUCCEEDED"));
    assertThat(
            scalarLong(
                connection, "SELECT ATTEMPTS FROM SYS.BATCH_TABLES WHERE BATCH_ID = " + batch))
        .as("the first attempt failed with the broker")
        .isGreaterThan(1);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM readings_retried")).isEqualTo(RECORDS);
    assertThat(scalarLong(connection, "SELECT COUNT(DISTINCT \"reading\") FROM readings_retried"))
        .isEqualTo(RECORDS);
  }

  @Test
  void aPermanentFailureIsNeverRetried() throws Exception {
    assertThatThrownBy(
            () -> {
              try (Statement statement = connection.createStatement()) {
                statement.execute(
                    "CREATE TABLE readings_bad WITH ('retries' = '5') AS"
                        + " SELECT CAST(\"unit\" AS INTEGER) AS n FROM kafka://sensor-readings");
              }
            })
        .hasMessageContaining("READINGS_BAD failed");
    assertThat(
            scalarLong(
                connection,
                "SELECT ATTEMPTS FROM SYS.BATCH_TABLES WHERE TABLE_NAME = 'READINGS_BAD'"))
        .isEqualTo(1);
  }

  /** Stops the server and lists the tables its DuckDB file holds. */
  private List<String> storeTablesAfterStop() throws Exception {
    connection.close();
    List<String> tables = DuckDbFiles.storeTables(server.stopKeepingData());
    server.close();
    return tables;
  }

  private void startServer() throws Exception {
    server =
        TestServer.start(
            TestStore.DUCKDB, Map.of(ServerOption.KAFKA_BOOTSTRAP, broker.bootstrapServers()));
    connection = server.connect();
  }

  private CompletableFuture<Throwable> loadInBackground(String sql) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection own = server.connect();
              Statement statement = own.createStatement()) {
            statement.addBatch(sql);
            statement.executeBatch();
            return null;
          } catch (Throwable e) {
            return e;
          }
        });
  }

  /** Waits until the table's load has read some rows, and returns its batch. */
  private long awaitRowsLoaded(String table) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      List<List<Object>> progress =
          rows(
              connection,
              "SELECT BATCH_ID, ROWS_LOADED FROM SYS.PROGRESS"
                  + " WHERE TABLE_NAME = '"
                  + table
                  + "'");
      if (!progress.isEmpty() && ((Number) progress.get(0).get(1)).longValue() > 0) {
        return ((Number) progress.get(0).get(0)).longValue();
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the load of " + table + " did not start reading within 60 s");
  }
}
