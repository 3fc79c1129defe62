package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * The timestamp of the first committed record at or after an offset of a partition: how old the
 * oldest record a table has not read yet is. A record's timestamp never changes, so answers are
 * kept (the most recent few thousand). One consumer per cluster, by explicit assignment; calls are
 * serialized. I/O: reads one fetch from the broker per offset not asked before.
 */
public final class RecordTimestamps implements AutoCloseable {
  private static final int KEPT = 4_096;
  private static final Duration POLL = Duration.ofMillis(500);

  private final Map<KafkaSourceSettings, KafkaConsumer<byte[], byte[]>> consumers =
      new LinkedHashMap<>();
  private final Map<Position, Long> known =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Position, Long> eldest) {
          return size() > KEPT;
        }
      };

  private record Position(String bootstrap, String topic, int partition, long offset) {}

  /**
   * The timestamp of the first committed record at or after {@code offset}, in epoch milliseconds;
   * empty when none arrived within a short wait (there is none yet, or only aborted records).
   *
   * @throws io.tablewave.error.TablewaveException {@code SOURCE_UNAVAILABLE} when the cluster
   *     cannot be reached
   */
  public synchronized OptionalLong timestampAt(
      KafkaSourceSettings settings, String topic, int partition, long offset) {
    requireNonNull(settings, "settings is null");
    requireNonNull(topic, "topic is null");
    Position position = new Position(settings.bootstrapServers(), topic, partition, offset);
    Long cached = known.get(position);
    if (cached != null) {
      return OptionalLong.of(cached);
    }
    KafkaConsumer<byte[], byte[]> consumer = consumer(settings);
    TopicPartition tp = new TopicPartition(topic, partition);
    try {
      consumer.assign(List.of(tp));
      consumer.seek(tp, offset);
      long deadline = System.nanoTime() + settings.requestTimeout().toNanos();
      while (System.nanoTime() < deadline) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
        for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
          if (record.offset() >= offset) {
            known.put(position, record.timestamp());
            return OptionalLong.of(record.timestamp());
          }
        }
        if (consumer.position(tp) > offset && records.isEmpty()) {
          // only markers or aborted records past the offset so far
          return OptionalLong.empty();
        }
      }
      return OptionalLong.empty();
    } catch (RuntimeException e) {
      closeQuietly(settings);
      throw KafkaErrors.unreachable(settings, e);
    } finally {
      if (consumers.containsKey(settings)) {
        consumer.assign(List.of());
      }
    }
  }

  private KafkaConsumer<byte[], byte[]> consumer(KafkaSourceSettings settings) {
    return consumers.computeIfAbsent(
        settings,
        s -> {
          Map<String, Object> config = s.consumerConfig("tablewave-freshness");
          config.put("max.poll.records", "1");
          return new KafkaConsumer<>(config);
        });
  }

  private void closeQuietly(KafkaSourceSettings settings) {
    KafkaConsumer<byte[], byte[]> consumer = consumers.remove(settings);
    if (consumer != null) {
      consumer.close(Duration.ZERO);
    }
  }

  @Override
  public synchronized void close() {
    consumers.values().forEach(c -> c.close(Duration.ofSeconds(2)));
    consumers.clear();
  }
}
