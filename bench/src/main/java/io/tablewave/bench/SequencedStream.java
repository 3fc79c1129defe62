package io.tablewave.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Records numbered 0, 1, 2, ... written round-robin over a topic's partitions, each remembering
 * when it was produced: record {@code seq} goes to partition {@code seq % partitions} and carries
 * {@code seq} in its JSON, so a table's per-partition maximum of {@code seq} tells which records it
 * shows.
 */
final class SequencedStream implements AutoCloseable {
  private final String topic;
  private final int partitions;
  private final long[] producedAt;
  private final KafkaProducer<byte[], byte[]> producer;
  private int next;

  SequencedStream(String bootstrap, String topic, int partitions, int capacity) {
    this.topic = topic;
    this.partitions = partitions;
    this.producedAt = new long[capacity];
    this.producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrap, "linger.ms", "5", "acks", "all"),
            new ByteArraySerializer(),
            new ByteArraySerializer());
  }

  int partitions() {
    return partitions;
  }

  /** How many records have been handed to the producer. */
  synchronized int produced() {
    return next;
  }

  /** When record {@code seq} was handed to the producer, in epoch milliseconds. */
  synchronized long producedAt(long seq) {
    return producedAt[(int) seq];
  }

  /** Hands the next record to the producer. */
  void sendNext() {
    int seq;
    synchronized (this) {
      seq = next++;
      producedAt[seq] = System.currentTimeMillis();
    }
    String json =
        String.format(
            Locale.ROOT,
            "{\"seq\":%d,\"customer_id\":%d,\"amount\":%d.25}",
            seq,
            seq % 5000,
            seq % 1000);
    producer.send(
        new ProducerRecord<>(
            topic,
            seq % partitions,
            ("s" + seq).getBytes(StandardCharsets.UTF_8),
            json.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Sends {@code count} records at {@code rate} per second, in ticks of 10 ms, and returns the rate
   * achieved.
   */
  double sendAtRate(int count, int rate) throws InterruptedException {
    int perTick = Math.max(1, rate / 100);
    long started = System.currentTimeMillis();
    for (int sent = 0; sent < count; ) {
      long wait = started + (long) sent * 1000 / rate - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      for (int i = 0; i < perTick && sent < count; i++, sent++) {
        sendNext();
      }
    }
    producer.flush();
    return count / ((System.currentTimeMillis() - started) / 1000.0);
  }

  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
