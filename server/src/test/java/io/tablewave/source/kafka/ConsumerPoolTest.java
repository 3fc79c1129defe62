package io.tablewave.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.data.Column;
import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Consumers kept between loads, on a real broker: a kept consumer reads exactly the ranges of its
 * next load, of the same topic or another, goes preferably to a load of the topic it read, and one
 * whose load was stopped is not kept.
 */
class ConsumerPoolTest {
  private static EmbeddedKafka kafka;
  private static KafkaSourceSettings settings;
  private static KafkaTopics topics;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
    settings = KafkaSourceSettings.of(kafka.bootstrapServers());
    topics = new KafkaTopics(settings);
  }

  @AfterAll
  static void stopBroker() {
    topics.close();
    kafka.close();
  }

  @Test
  void aKeptConsumerReadsExactlyTheRangesOfEachNextLoad() throws Exception {
    kafka.createTopic("pool-a", 2);
    kafka.createTopic("pool-b", 2);
    produce("pool-a", 0, 100);
    produce("pool-b", 0, 40);
    try (ConsumerPool pool = new ConsumerPool(settings, 4)) {
      BoundedTopicReader reader = new BoundedTopicReader(4, s -> pool);

      assertThat(offsets(reader, "pool-a", 0, 30)).isEqualTo(offsetsFrom(0, 30, 2));
      awaitKept(pool);
      produce("pool-a", 100, 20);
      assertThat(offsets(reader, "pool-a", 30, 60))
          .as("the same consumer, the next ranges of the same topic")
          .isEqualTo(offsetsFrom(30, 60, 2));
      awaitKept(pool);
      assertThat(offsets(reader, "pool-b", 5, 20))
          .as("the same consumer, another topic")
          .isEqualTo(offsetsFrom(5, 20, 2));
      awaitKept(pool);
      assertThat(pool.consumersMade()).as("one consumer served the three loads").isEqualTo(1);
    }
  }

  @Test
  void aConsumerWhoseLoadWasStoppedIsClosedNotKept() throws Exception {
    kafka.createTopic("pool-stop", 1);
    produce("pool-stop", 0, 5_000);
    try (ConsumerPool pool = new ConsumerPool(settings, 4)) {
      BoundedTopicReader reader = new BoundedTopicReader(4, s -> pool);
      TopicLoadSpec spec = TopicLoadSpec.defaults("pool-stop", settings);
      TopicBounds bounds = topics.bounds(spec);
      List<Column> columns = new JsonSchemaInference().infer(spec, bounds);
      CollectingSink sink = new CollectingSink();
      assertThatThrownBy(
              () ->
                  reader.load(
                      spec, bounds, columns, sink, LoadListener.NONE, () -> !sink.rows.isEmpty()))
          .isInstanceOfSatisfying(
              TablewaveException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CANCELLED));
      assertThat(pool.idle()).as("the stopped load's consumer is not kept").isZero();

      assertThat(offsets(reader, "pool-stop", 0, 100)).isEqualTo(offsetsFrom(0, 100, 1));
      assertThat(pool.consumersMade()).as("the next load made a new consumer").isEqualTo(2);
    }
  }

  @Test
  void aStopArrivingAfterTheConsumerWentBackDoesNotReachItsNextLoad() {
    kafka.createTopic("pool-wake", 1);
    produce("pool-wake", 0, 10);
    List<PartitionRange> ranges = List.of(new PartitionRange(0, 0, 10));
    try (ConsumerPool pool = new ConsumerPool(settings, 4)) {
      BoundedRecordIterator first =
          new BoundedRecordIterator(pool, "pool-wake", ranges, "test", () -> false);
      assertThat(count(first)).isEqualTo(10);
      first.close();
      assertThat(pool.idle()).isEqualTo(1);
      // the stop of a load that failed after its reader was done, as when a bad record fails it
      first.wakeup();

      try (BoundedRecordIterator second =
          new BoundedRecordIterator(pool, "pool-wake", ranges, "test", () -> false)) {
        assertThat(count(second)).as("the next load reads every record").isEqualTo(10);
        assertThat(second.reachedEnds()).isTrue();
      }
      assertThat(pool.consumersMade()).isEqualTo(1);
    }
  }

  @Test
  void aKeptConsumerGoesBackToItsTopicWithItsPartitionsPaused() {
    kafka.createTopic("pool-c", 2);
    kafka.createTopic("pool-d", 1);
    Set<TopicPartition> ofC =
        Set.of(new TopicPartition("pool-c", 0), new TopicPartition("pool-c", 1));
    Set<TopicPartition> ofD = Set.of(new TopicPartition("pool-d", 0));
    try (ConsumerPool pool = new ConsumerPool(settings, 4)) {
      KafkaConsumer<byte[], byte[]> readingC = pool.take("pool-c", ofC);
      KafkaConsumer<byte[], byte[]> readingD = pool.take("pool-d", ofD);
      readingC.assign(ofC);
      readingD.assign(ofD);
      pool.giveBack(readingC, true);
      pool.giveBack(readingD, true);
      assertThat(pool.idle()).isEqualTo(2);

      KafkaConsumer<byte[], byte[]> again =
          pool.take("pool-c", Set.of(new TopicPartition("pool-c", 1)));
      assertThat(again).as("the kept consumer of the same topic").isSameAs(readingC);
      assertThat(again.assignment()).isEqualTo(ofC);
      assertThat(again.paused()).as("kept with its partitions paused").isEqualTo(ofC);
      assertThat(pool.take("pool-e", Set.of(new TopicPartition("pool-e", 0))))
          .as("another topic gets any kept consumer")
          .isSameAs(readingD);
      assertThat(pool.consumersMade()).isEqualTo(2);
      pool.giveBack(again, false);
      pool.giveBack(readingD, false);
    }
  }

  private static int count(BoundedRecordIterator records) {
    int count = 0;
    while (records.hasNext()) {
      records.next();
      count++;
    }
    return count;
  }

  /** The offsets a load of {@code [from, to)} of every partition of the topic read, sorted. */
  private static List<Long> offsets(BoundedTopicReader reader, String topic, long from, long to) {
    TopicLoadSpec spec = TopicLoadSpec.defaults(topic, settings);
    TopicBounds all = topics.bounds(spec);
    TopicBounds bounds =
        new TopicBounds(
            topic,
            all.partitions().stream()
                .map(p -> new PartitionRange(p.partition(), from, to))
                .toList());
    List<Column> columns = new JsonSchemaInference().infer(spec, all);
    int offsetColumn = columns.stream().map(Column::name).toList().indexOf("_offset");
    CollectingSink sink = new CollectingSink();
    reader.load(spec, bounds, columns, sink, LoadListener.NONE, () -> false);
    return sink.rows.stream()
        .map(row -> ((Number) row[offsetColumn]).longValue())
        .sorted()
        .toList();
  }

  /** Each offset of {@code [from, to)} once per partition, sorted. */
  private static List<Long> offsetsFrom(long from, long to, int partitions) {
    return LongStream.range(from, to)
        .flatMap(o -> LongStream.range(0, partitions).map(p -> o))
        .boxed()
        .toList();
  }

  /** The reader gives its consumer back after it has handed over its last rows. */
  private static void awaitKept(ConsumerPool pool) throws InterruptedException {
    for (int tries = 0; pool.idle() == 0; tries++) {
      assertThat(tries).as("the consumer was given back").isLessThan(200);
      Thread.sleep(50);
    }
  }

  /** Writes {@code count} records per partition, from {@code from} on. */
  private static void produce(String topic, int from, int count) {
    int partitions = topics.partitions(topic).size();
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      for (int i = from; i < from + count; i++) {
        for (int p = 0; p < partitions; p++) {
          records.send(topic, p, "k" + i, "{\"n\": " + i + "}");
        }
      }
    }
  }
}
