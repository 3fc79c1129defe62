package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.testing.ServerProcess;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed (kill -9) at random instants of incremental refreshes: after each restart and one
 * more refresh, every record of the topic is in the table exactly once, and the tables downstream
 * of it, a filter that appends and an aggregate that merges, equal their queries over it. The
 * server runs in a child process on DuckDB.
 */
class KillDuringIncrementalRefreshTest {
  private static final int KILLS = 20;
  private static final int PARTITIONS = 3;
  private static final int RECORDS_PER_ROUND = 30_000;
  private static final String TOPIC = "kill-orders";

  @Test
  void everyRecordIsInTheTableOnceAfterKillsDuringRefreshes(@TempDir Path dataDir)
      throws Exception {
    long seed = System.nanoTime();
    System.out.printf("kill test seed %d%n", seed);
    Random random = new Random(seed);
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        KafkaProducer<String, String> producer = producer(kafka)) {
      kafka.createTopic(TOPIC, PARTITIONS);
      List<String> options =
          List.of("--workers", "2", "--kafka-bootstrap", kafka.bootstrapServers());
      int next = produce(producer, 0, 3_000);
      ServerProcess server = ServerProcess.start(List.of("-Xmx512m"), dataDir, options);
      try {
        try (Connection connection = DriverManager.getConnection(server.url())) {
          execute(
              connection,
              "CREATE TABLE k_raw AS SELECT _partition AS p, _offset AS o, id FROM kafka://"
                  + TOPIC);
          execute(
              connection, "CREATE TABLE k_even AS SELECT p, o, id FROM k_raw WHERE MOD(id, 2) = 0");
          execute(
              connection,
              "CREATE TABLE k_sums AS SELECT p, COUNT(*) AS n, SUM(o) AS s FROM k_even GROUP BY p");
          // Read by no other table: its new rows go from memory to the table.
          execute(connection, "CREATE TABLE k_all AS SELECT * FROM kafka://" + TOPIC);
        }
        // Each kill lands at an instant drawn over how long the last refresh took; a refresh that
        // ends before its instant is not killed, and the next instant is drawn within its time.
        long window = 2_500;
        int kills = 0;
        int refreshesNotKilled = 0;
        while (kills < KILLS) {
          assertThat(refreshesNotKilled)
              .as("refreshes that ended before their kill")
              .isLessThan(3 * KILLS);
          next = produce(producer, next, RECORDS_PER_ROUND);
          ServerProcess victim = server;
          long started = System.nanoTime();
          CompletableFuture<Long> refresh =
              CompletableFuture.supplyAsync(
                  () -> {
                    try (Connection own = DriverManager.getConnection(victim.url())) {
                      execute(own, "REFRESH TABLE k_raw, k_all");
                      return (System.nanoTime() - started) / 1_000_000;
                    } catch (SQLException e) {
                      return -1L;
                    }
                  });
          Thread.sleep(random.nextLong(window + 1));
          if (refresh.isDone()) {
            long took = refresh.join();
            assertThat(took).as("a refresh that was not killed succeeds").isNotNegative();
            window = Math.max(20, took * 9 / 10);
            refreshesNotKilled++;
            continue;
          }
          victim.kill();
          refresh.join();
          kills++;
          server = ServerProcess.start(List.of("-Xmx512m"), dataDir, options);
          try (Connection connection = DriverManager.getConnection(server.url())) {
            long restarted = System.nanoTime();
            execute(connection, "REFRESH TABLE k_raw, k_all");
            // the first refresh of a fresh server is the slowest: aim within half of it
            window = Math.max(20, (System.nanoTime() - restarted) / 2_000_000);
            assertEveryRecordOnce(connection, next, kills);
          }
        }
        System.out.printf(
            "kill test: %d kills during refreshes; %d refreshes ended before their instant%n",
            kills, refreshesNotKilled);
      } finally {
        server.close();
      }
    }
  }

  /** Records go round-robin over the partitions, none in a transaction: offsets are 0..end-1. */
  private static void assertEveryRecordOnce(Connection connection, int records, int kill)
      throws SQLException {
    List<String> expected = new ArrayList<>();
    List<Long> ends = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      long end = records / PARTITIONS + (p < records % PARTITIONS ? 1 : 0);
      ends.add(end);
      expected.add(p + " " + end + " " + (end * (end - 1) / 2) + " " + end);
    }
    assertOnceWithItsOffsets(connection, "k_raw", "p", "o", expected, ends, kill);
    List<List<Long>> evenOfRaw =
        numbers(
            connection,
            "SELECT p, COUNT(*), SUM(o), COUNT(*) FROM k_raw WHERE MOD(id, 2) = 0"
                + " GROUP BY p ORDER BY p");
    assertThat(
            numbers(
                connection,
                "SELECT p, COUNT(*), SUM(o), COUNT(DISTINCT o) FROM k_even GROUP BY p ORDER BY p"))
        .as("after kill %d: the filter holds each even record of K_RAW once", kill)
        .isEqualTo(evenOfRaw);
    assertThat(numbers(connection, "SELECT p, n, s, n FROM k_sums ORDER BY p"))
        .as("after kill %d: the aggregate equals its query over the filter", kill)
        .isEqualTo(evenOfRaw);
    assertOnceWithItsOffsets(connection, "k_all", "_partition", "_offset", expected, ends, kill);
    // Each refresh's row of SYS.REFRESHES commits with the rows it appended.
    assertThat(
            scalarLong(
                connection,
                "SELECT SUM(ROWS_APPENDED) FROM SYS.REFRESHES"
                    + " WHERE TABLE_NAME = 'K_ALL' AND STATUS = 'SUCCEEDED'"))
        .as("after kill %d: the rows SYS.REFRESHES says were loaded into K_ALL", kill)
        .isEqualTo(records);
  }

  /**
   * The table holds each record once (count, sum of offsets and distinct offsets per partition as
   * {@code expected}), and its recorded next offsets are the topic's {@code ends}.
   */
  private static void assertOnceWithItsOffsets(
      Connection connection,
      String table,
      String partition,
      String offset,
      List<String> expected,
      List<Long> ends,
      int kill)
      throws SQLException {
    assertThat(
            rows(
                connection,
                "SELECT %1$s, COUNT(*), SUM(%2$s), COUNT(DISTINCT %2$s) FROM %3$s GROUP BY %1$s ORDER BY %1$s"
                    .formatted(partition, offset, table)))
        .as("after kill %d: %s holds each record once", kill, table)
        .extracting(row -> row.get(0) + " " + row.get(1) + " " + row.get(2) + " " + row.get(3))
        .isEqualTo(expected);
    assertThat(
            rows(
                connection,
                "SELECT \"PARTITION\", NEXT_OFFSET FROM SYS.KAFKA_OFFSETS WHERE TABLE_NAME = '"
                    + table.toUpperCase(Locale.ROOT)
                    + "' ORDER BY 1"))
        .as("after kill %d: the next offsets of %s", kill, table)
        .extracting(row -> ((Number) row.get(1)).longValue())
        .containsExactlyElementsOf(ends);
  }

  /** The rows of a query of whole numbers, whatever type the store gives each. */
  private static List<List<Long>> numbers(Connection connection, String sql) throws SQLException {
    return rows(connection, sql).stream()
        .map(row -> row.stream().map(value -> ((Number) value).longValue()).toList())
        .toList();
  }

  private static int produce(KafkaProducer<String, String> producer, int from, int count) {
    for (int i = from; i < from + count; i++) {
      producer.send(new ProducerRecord<>(TOPIC, i % PARTITIONS, "k" + i, "{\"id\": " + i + "}"));
    }
    producer.flush();
    return from + count;
  }

  private static KafkaProducer<String, String> producer(EmbeddedKafka kafka) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    return new KafkaProducer<>(properties);
  }
}
