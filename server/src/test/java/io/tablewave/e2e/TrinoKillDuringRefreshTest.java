package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.testing.ServerProcess;
import io.tablewave.testing.TrinoCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * On Trino, whose statements commit on their own while the registry is a DuckDB file: a server
 * killed (kill -9) at random instants of incremental refreshes, restarted and refreshed once more,
 * leaves every record of the topic in the table exactly once, since each refresh first removes the
 * rows past the offsets the registry committed. The server runs in a child process.
 */
class TrinoKillDuringRefreshTest {
  @RegisterExtension static final TrinoCluster TRINO = new TrinoCluster();

  private static final int KILLS = 3;
  private static final int PARTITIONS = 3;
  private static final int RECORDS_PER_ROUND = 6_000;
  private static final String TOPIC = "trino-kill-orders";

  @Test
  void everyRecordIsInTheTableOnceAfterKillsDuringRefreshes(@TempDir Path dataDir)
      throws Exception {
    long seed = System.nanoTime();
    System.out.printf("Trino kill test seed %d%n", seed);
    Random random = new Random(seed);
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        KafkaProducer<String, String> producer = producer(kafka)) {
      kafka.createTopic(TOPIC, PARTITIONS);
      List<String> options =
          List.of(
              "--workers",
              "2",
              "--kafka-bootstrap",
              kafka.bootstrapServers(),
              "--store-url",
              TRINO.jdbcUrl(),
              "--store-user",
              TrinoCluster.USER);
      int next = produce(producer, 0, 3_000);
      try (ServerProcess server = ServerProcess.start(List.of("-Xmx512m"), dataDir, options);
          Connection connection = DriverManager.getConnection(server.url())) {
        execute(
            connection,
            "CREATE TABLE k_raw AS SELECT _partition, _offset, id FROM kafka://" + TOPIC);
      }
      int killedWhileLoading = 0;
      for (int kill = 1; kill <= KILLS; kill++) {
        next = produce(producer, next, RECORDS_PER_ROUND);
        try (ServerProcess server = ServerProcess.start(List.of("-Xmx512m"), dataDir, options)) {
          CompletableFuture<SQLException> refresh =
              CompletableFuture.supplyAsync(
                  () -> {
                    try (Connection own = DriverManager.getConnection(server.url())) {
                      execute(own, "REFRESH TABLE k_raw");
                      return null;
                    } catch (SQLException e) {
                      return e;
                    }
                  });
          Thread.sleep(random.nextInt(4_000));
          if (!refresh.isDone()) {
            killedWhileLoading++;
          }
          server.kill();
          refresh.join();
        }
        try (ServerProcess server = ServerProcess.start(List.of("-Xmx512m"), dataDir, options);
            Connection connection = DriverManager.getConnection(server.url())) {
          execute(connection, "REFRESH TABLE k_raw");
          assertEveryRecordOnce(connection, next, kill);
        }
      }
      System.out.printf(
          "Trino kill test: %d of %d kills landed while a refresh ran%n",
          killedWhileLoading, KILLS);
      assertThat(killedWhileLoading).as("kills during a refresh").isPositive();
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
    assertThat(
            rows(
                connection,
                "SELECT _partition, COUNT(*), SUM(_offset), COUNT(DISTINCT _offset) FROM k_raw"
                    + " GROUP BY _partition ORDER BY 1"))
        .as("after kill %d: count, sum of offsets and distinct offsets per partition", kill)
        .extracting(row -> row.get(0) + " " + row.get(1) + " " + row.get(2) + " " + row.get(3))
        .isEqualTo(expected);
    assertThat(
            rows(
                connection,
                "SELECT \"PARTITION\", NEXT_OFFSET FROM SYS.KAFKA_OFFSETS"
                    + " WHERE TABLE_NAME = 'K_RAW' ORDER BY 1"))
        .extracting(row -> ((Number) row.get(1)).longValue())
        .containsExactlyElementsOf(ends);
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
