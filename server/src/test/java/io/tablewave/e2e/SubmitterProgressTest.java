package io.tablewave.e2e;

import static io.tablewave.testing.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.jdbc.BatchProgress;
import io.tablewave.jdbc.TablewaveStatement;
import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.sql.Connection;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Progress for the submitter, through the driver only: a listener on {@code executeBatch} follows a
 * 600,000-record Kafka load, and two clients racing scripts over the same table names each follow
 * their own batch. One broker and one server for the class.
 */
class SubmitterProgressTest {
  private static final int RECORDS = 600_000;
  private static final int PARTITIONS = 4;
  private static final Duration INTERVAL = Duration.ofMillis(100);

  private static EmbeddedKafka kafka;
  private static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.start();
    kafka.createTopic("progress_events", PARTITIONS);
    produce("progress_events", RECORDS);
    kafka.createTopic("race_events", PARTITIONS);
    produce("race_events", 100_000);
    server =
        TestServer.start(
            TestStore.DUCKDB, Map.of(ServerOption.KAFKA_BOOTSTRAP, kafka.bootstrapServers()));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static void produce(String topic, int records) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
      for (int i = 0; i < records; i++) {
        producer.send(
            new ProducerRecord<>(
                topic, i % PARTITIONS, null, "{\"id\":" + i + ",\"kind\":\"k" + (i % 7) + "\"}"));
      }
      producer.flush();
    }
  }

  @Test
  void executeBatchWithAListenerGetsIncreasingProgressAndAFinalEvent() throws Exception {
    List<BatchProgress> events = new CopyOnWriteArrayList<>();
    List<String> threads = new CopyOnWriteArrayList<>();
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      TablewaveStatement tablewave = statement.unwrap(TablewaveStatement.class);
      tablewave.onProgress(
          progress -> {
            events.add(progress);
            threads.add(Thread.currentThread().getName());
          },
          INTERVAL);
      statement.addBatch("CREATE TABLE progress_events AS SELECT * FROM kafka://progress_events");
      statement.addBatch(
          "CREATE TABLE progress_kinds AS SELECT kind, COUNT(*) AS n FROM progress_events GROUP BY kind");

      int[] counts = statement.executeBatch();

      assertThat(counts).containsExactly(RECORDS, 7);
      long batchId = tablewave.lastBatchId().orElseThrow();
      assertThat(events).as("events").isNotEmpty();
      assertThat(events).allSatisfy(event -> assertThat(event.batchId()).isEqualTo(batchId));
      for (int i = 1; i < events.size(); i++) {
        BatchProgress before = events.get(i - 1);
        BatchProgress after = events.get(i);
        assertThat(after.rowsLoaded())
            .as("rows of event %d after %s", i, before)
            .isGreaterThanOrEqualTo(before.rowsLoaded());
        assertThat(after.tablesDone())
            .as("tables done of event %d after %s", i, before)
            .isGreaterThanOrEqualTo(before.tablesDone());
        assertThat(after.elapsed()).isGreaterThanOrEqualTo(before.elapsed());
      }
      List<BatchProgress> live = events.stream().filter(event -> !event.finished()).toList();
      assertThat(live)
          .as("events while the batch ran")
          .isNotEmpty()
          .allSatisfy(event -> assertThat(event.status()).isIn("PLANNED", "RUNNING"))
          .anySatisfy(event -> assertThat(event.rowsLoaded()).isBetween(1L, RECORDS - 1L));
      assertThat(live).anySatisfy(event -> assertThat(event.tablesLoading()).isEqualTo(1));

      BatchProgress last = events.get(events.size() - 1);
      assertThat(events.stream().filter(BatchProgress::finished))
          .as("one final event, the last")
          .containsExactly(last);
      assertThat(last.status()).isEqualTo("SUCCEEDED");
      assertThat(last.tables()).isEqualTo(2);
      assertThat(last.tablesDone()).isEqualTo(2);
      assertThat(last.tablesLoading()).isZero();
      assertThat(last.rowsLoaded()).isEqualTo(RECORDS + 7L);
      assertThat(last.rowsPerSecond()).isPositive();
      assertThat(last.page().toString())
          .isEqualTo(
              server.url().replace("jdbc:tablewave://", "http://").replaceFirst(";.*", "")
                  + "/ui/?batch="
                  + batchId);
      assertThat(last.describe()).startsWith("batch " + batchId + " SUCCEEDED: 2/2 tables done");
      assertThat(threads.get(threads.size() - 1))
          .as("the final event comes from the submitting thread")
          .isEqualTo(Thread.currentThread().getName());
      assertThat((Object) statement.getWarnings()).isNotNull();
      assertThat(statement.getWarnings().getMessage())
          .isEqualTo("batch " + batchId + " SUCCEEDED: 2 tables loaded");
      assertThat((Object) statement.getWarnings().getNextWarning())
          .as("no problem with the listener")
          .isNull();
    }
  }

  @Test
  void twoClientsRacingScriptsOverTheSameTableNamesEachFollowTheirOwnBatch() throws Exception {
    // each submitter tags its statements, so neither finds the tables up to date with what the
    // other loaded
    String template =
        """
        CREATE OR REPLACE TABLE race_events WITH ('submitter' = '%s') AS SELECT * FROM kafka://race_events;
        CREATE OR REPLACE TABLE race_kinds AS SELECT kind, COUNT(*) AS n FROM race_events GROUP BY kind
        """;
    String script = template.formatted("setup");
    try (Connection setup = server.connect();
        Statement statement = setup.createStatement()) {
      // the names exist already: a first load is never replaced while it runs, a loaded table is
      statement.execute(script);
    }
    int clients = 2;
    CyclicBarrier together = new CyclicBarrier(clients);
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Submission>> submissions = new java.util.ArrayList<>();
      for (int i = 0; i < clients; i++) {
        String own = template.formatted("client " + i);
        submissions.add(
            pool.submit(
                () -> {
                  try (Connection connection = server.connect();
                      Statement statement = connection.createStatement()) {
                    List<BatchProgress> events = new CopyOnWriteArrayList<>();
                    TablewaveStatement tablewave = statement.unwrap(TablewaveStatement.class);
                    tablewave.onProgress(events::add, INTERVAL);
                    together.await(30, TimeUnit.SECONDS);
                    statement.execute(own);
                    long batchId = tablewave.lastBatchId().orElseThrow();
                    SQLWarning warning = statement.getWarnings();
                    List<Long> mine =
                        rows(connection, "SELECT BATCH_ID FROM SYS.MY_BATCHES").stream()
                            .map(row -> (Long) row.get(0))
                            .toList();
                    return new Submission(
                        batchId,
                        warning == null ? null : warning.getMessage(),
                        List.copyOf(events),
                        mine);
                  }
                }));
      }
      Submission first = submissions.get(0).get(3, TimeUnit.MINUTES);
      Submission second = submissions.get(1).get(3, TimeUnit.MINUTES);

      assertThat(first.batchId()).isNotEqualTo(second.batchId());
      for (Submission submission : List.of(first, second)) {
        assertThat(submission.warning())
            .isEqualTo("batch " + submission.batchId() + " SUCCEEDED: 2 tables loaded");
        assertThat(submission.myBatches()).containsExactly(submission.batchId());
        assertThat(submission.events())
            .isNotEmpty()
            .allSatisfy(event -> assertThat(event.batchId()).isEqualTo(submission.batchId()));
        BatchProgress last = submission.events().get(submission.events().size() - 1);
        assertThat(last.finished()).isTrue();
        assertThat(last.status()).isEqualTo("SUCCEEDED");
        assertThat(last.rowsLoaded()).isEqualTo(100_000L + 7);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private record Submission(
      long batchId, String warning, List<BatchProgress> events, List<Long> myBatches) {}
}
