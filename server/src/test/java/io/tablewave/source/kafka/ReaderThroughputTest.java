package io.tablewave.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.data.Column;
import io.tablewave.demo.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Prints the reader's rate next to a plain consumer loop over the same topic; asserts counts only.
 */
class ReaderThroughputTest {
  private static final int RECORDS = 200_000;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    kafka.createTopic("bulk", 4);
    long start = System.nanoTime();
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      for (int i = 0; i < RECORDS; i++) {
        records.send(
            "bulk",
            i % 4,
            "k" + i,
            String.format(
                Locale.ROOT,
                "{\"id\":%d,\"customer\":%d,\"amount\":%.2f,\"status\":\"PAID\",\"ok\":true}",
                i,
                i % 977,
                i * 0.37));
      }
    }
    System.out.printf(
        Locale.ROOT, "produced %d records in %.2f s%n", RECORDS, (System.nanoTime() - start) / 1e9);
  }

  @AfterAll
  static void stop() {
    kafka.close();
  }

  @Test
  void readerAgainstAPlainConsumerLoop() {
    KafkaSourceSettings settings = KafkaSourceSettings.of(kafka.bootstrapServers());
    TopicLoadSpec spec = TopicLoadSpec.defaults("bulk", settings);
    TopicBounds bounds;
    List<Column> columns;
    try (KafkaTopics topics = new KafkaTopics(settings)) {
      bounds = topics.bounds(spec);
      columns = new JsonSchemaInference().infer(spec, bounds);
    }
    // Warm up both paths once, then measure.
    plainLoop(bounds);
    readerLoad(spec, bounds, columns);
    for (int round = 1; round <= 2; round++) {
      long t0 = System.nanoTime();
      long plain = plainLoop(bounds);
      double plainSeconds = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      LoadResult result = readerLoad(spec, bounds, columns);
      double readerSeconds = (System.nanoTime() - t1) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "round %d: plain KafkaConsumer loop %d records in %.2f s = %.0f records/s; "
              + "BoundedTopicReader (decode to rows) %d rows in %.2f s = %.0f rows/s%n",
          round,
          plain,
          plainSeconds,
          plain / plainSeconds,
          result.rowsLoaded(),
          readerSeconds,
          result.rowsLoaded() / readerSeconds);
      assertThat(plain).isEqualTo(RECORDS);
      assertThat(result.rowsLoaded()).isEqualTo(RECORDS);
    }
  }

  private static LoadResult readerLoad(
      TopicLoadSpec spec, TopicBounds bounds, List<Column> columns) {
    long[] checksum = new long[1];
    LoadResult result =
        new BoundedTopicReader()
            .load(
                spec,
                bounds,
                columns,
                row -> checksum[0] += (Long) row[0],
                LoadListener.NONE,
                () -> false);
    assertThat(checksum[0]).isEqualTo((long) RECORDS * (RECORDS - 1) / 2);
    return result;
  }

  /** One consumer, all partitions, no decoding: the broker-and-client ceiling. */
  private static long plainLoop(TopicBounds bounds) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            kafka.bootstrapServers(),
            "isolation.level",
            "read_committed",
            "enable.auto.commit",
            "false");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      bounds.partitions().forEach(r -> tps.add(new TopicPartition("bulk", r.partition())));
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      long count = 0;
      long bytes = 0;
      while (count < RECORDS) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          count++;
          bytes += record.value().length;
        }
      }
      assertThat(bytes).isPositive();
      return count;
    }
  }
}
