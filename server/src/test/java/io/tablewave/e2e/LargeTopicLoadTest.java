package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 4-partition topic of 1,000,000 records loads into a server whose heap is 256 MB, in a child
 * JVM. Prints the load's rows/s beside a plain consumer reading the same topic in the same run.
 */
class LargeTopicLoadTest {
  private static final int RECORDS = 1_000_000;
  private static final int PARTITIONS = 4;

  @Test
  void aMillionRecordTopicLoadsIntoASmallHeap(@TempDir Path dataDir) throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("million", PARTITIONS);
      produce(kafka.bootstrapServers());
      double consumerRate = plainConsumerRate(kafka.bootstrapServers());

      try (ServerProcess server =
              ServerProcess.start(
                  List.of("-Xmx256m"),
                  Files.createDirectories(dataDir),
                  List.of(
                      "--kafka-bootstrap",
                      kafka.bootstrapServers(),
                      "--workers",
                      "2",
                      "--store-memory",
                      "512MB"));
          Connection connection = DriverManager.getConnection(server.url())) {
        long started = System.nanoTime();
        execute(connection, "CREATE TABLE million AS SELECT * FROM kafka://million");
        double seconds = (System.nanoTime() - started) / 1e9;
        double loadRate = RECORDS / seconds;
        System.out.printf(
            "1M-record topic: CTAS through the driver %.0f rows/s (%.1f s); plain consumer %.0f"
                + " records/s; ratio %.2f%n",
            loadRate, seconds, consumerRate, consumerRate / loadRate);

        assertThat(server.isAlive()).as("server output:%n%s", server.output()).isTrue();
        assertThat(scalarLong(connection, "SELECT COUNT(*) FROM million")).isEqualTo(RECORDS);
        assertThat(scalarLong(connection, "SELECT COUNT(DISTINCT id) FROM million"))
            .isEqualTo(RECORDS);
        assertThat(
                rows(
                    connection,
                    "SELECT COUNT(*), SUM(END_OFFSET - START_OFFSET) FROM SYS.KAFKA_OFFSETS"
                        + " WHERE TABLE_NAME = 'MILLION'"))
            .containsExactly(List.of(4L, (long) RECORDS));
        assertThat(server.output()).doesNotContain("OutOfMemoryError");
      }
    }
  }

  private static void produce(String bootstrap) {
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    properties.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties)) {
      for (int i = 0; i < RECORDS; i++) {
        producer.send(
            new ProducerRecord<>(
                "million",
                i % PARTITIONS,
                null,
                "{\"id\":"
                    + i
                    + ",\"customer\":\"c"
                    + (i % 997)
                    + "\",\"amount\":"
                    + (i % 1000) / 10.0
                    + ",\"status\":\"PAID\",\"channel\":\"web\"}"));
      }
      producer.flush();
    }
  }

  private static double plainConsumerRate(String bootstrap) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(
        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(
        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
      List<TopicPartition> partitions =
          List.of(
              new TopicPartition("million", 0),
              new TopicPartition("million", 1),
              new TopicPartition("million", 2),
              new TopicPartition("million", 3));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long started = System.nanoTime();
      long read = 0;
      while (read < RECORDS) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofSeconds(1));
        read += records.count();
      }
      return read / ((System.nanoTime() - started) / 1e9);
    }
  }
}
