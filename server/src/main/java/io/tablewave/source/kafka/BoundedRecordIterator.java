package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The committed records of some partitions within their ranges, read by one assign-based consumer.
 * A partition is finished when the consumer's position reaches its end offset, so offset gaps
 * (compaction, transaction markers, aborted records) never keep it waiting. Iteration ends early,
 * without error, when {@code stopped} turns true or {@link #wakeup()} is called; the caller tells a
 * stop from the end through its own flag. Not thread-safe, except {@link #wakeup()}.
 */
final class BoundedRecordIterator
    implements Iterator<ConsumerRecord<byte[], byte[]>>, AutoCloseable {
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

  private final KafkaSourceSettings settings;
  private final ConsumerPool consumers;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<TopicPartition, Long> ends = new HashMap<>();
  private final Map<TopicPartition, Long> lastPositions = new HashMap<>();
  private final ArrayDeque<ConsumerRecord<byte[], byte[]>> buffer = new ArrayDeque<>();
  private final BooleanSupplier stopped;
  private final long stallMillis;
  private boolean halted;
  private boolean wokenUp;
  private boolean closed;
  private boolean failed;
  private long lastProgressNanos = System.nanoTime();

  BoundedRecordIterator(
      KafkaSourceSettings settings, TopicBounds bounds, String purpose, BooleanSupplier stopped) {
    this(new ConsumerPool(settings, 0), bounds.topic(), bounds.partitions(), purpose, stopped);
  }

  /**
   * @param consumers where the consumer comes from and goes back to when the iteration ends cleanly
   * @param purpose a word for the consumer's client id
   */
  BoundedRecordIterator(
      ConsumerPool consumers,
      String topic,
      List<PartitionRange> ranges,
      String purpose,
      BooleanSupplier stopped) {
    this.consumers = requireNonNull(consumers, "consumers is null");
    this.settings = consumers.settings();
    this.stopped = requireNonNull(stopped, "stopped is null");
    this.stallMillis = Math.max(5_000, 3 * settings.requestTimeout().toMillis());
    for (PartitionRange range : ranges) {
      if (range.size() > 0) {
        ends.put(new TopicPartition(topic, range.partition()), range.endOffset());
      }
    }
    this.consumer = consumers.take(purpose, ends.keySet());
    consumer.assign(ends.keySet());
    for (PartitionRange range : ranges) {
      TopicPartition tp = new TopicPartition(topic, range.partition());
      if (ends.containsKey(tp)) {
        consumer.seek(tp, range.startOffset());
        lastPositions.put(tp, range.startOffset());
      }
    }
    // A kept consumer comes with the partitions of its last read paused.
    consumer.resume(ends.keySet());
  }

  @Override
  public boolean hasNext() {
    while (buffer.isEmpty() && !ends.isEmpty() && !halted) {
      if (stopped.getAsBoolean()) {
        halted = true;
        break;
      }
      try {
        fetch();
      } catch (WakeupException e) {
        halted = true;
      } catch (RuntimeException e) {
        failed = true;
        throw e;
      }
    }
    return !buffer.isEmpty();
  }

  private void fetch() {
    ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
    boolean progressed = false;
    for (TopicPartition tp : records.partitions()) {
      Long end = ends.get(tp);
      if (end == null) {
        continue;
      }
      for (ConsumerRecord<byte[], byte[]> record : records.records(tp)) {
        if (record.offset() < end) {
          buffer.add(record);
          progressed = true;
        }
      }
    }
    for (Iterator<Map.Entry<TopicPartition, Long>> it = ends.entrySet().iterator();
        it.hasNext(); ) {
      Map.Entry<TopicPartition, Long> entry = it.next();
      TopicPartition tp = entry.getKey();
      long position = consumer.position(tp);
      if (position != lastPositions.get(tp)) {
        lastPositions.put(tp, position);
        progressed = true;
      }
      if (position >= entry.getValue()) {
        it.remove();
        consumer.pause(List.of(tp));
      }
    }
    long now = System.nanoTime();
    if (progressed) {
      lastProgressNanos = now;
    } else if ((now - lastProgressNanos) / 1_000_000 > stallMillis) {
      throw new TablewaveException(
          ErrorCode.SOURCE_UNAVAILABLE,
          "no progress reading "
              + ends.keySet()
              + " for "
              + stallMillis / 1000
              + " s: Kafka cluster at "
              + settings.bootstrapServers()
              + " is not answering, check the brokers or 'kafka.bootstrap.servers'");
    }
  }

  @Override
  public ConsumerRecord<byte[], byte[]> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return buffer.poll();
  }

  /** Makes a blocked or later poll return at once and ends the iteration. */
  void wakeup() {
    synchronized (this) {
      // A consumer given back may already serve another load: it must not be woken up.
      if (closed) {
        return;
      }
      wokenUp = true;
      consumer.wakeup();
    }
  }

  /** Whether every partition was read to its end offset. */
  boolean reachedEnds() {
    return ends.isEmpty();
  }

  /** Gives the consumer back to its pool after a clean read to the end, else closes it. */
  @Override
  public void close() {
    boolean reusable;
    synchronized (this) {
      closed = true;
      reusable = ends.isEmpty() && !halted && !failed && !wokenUp;
    }
    try {
      consumers.giveBack(consumer, reusable);
    } catch (WakeupException e) {
      // A wakeup that arrived after the last poll is delivered here; the second close completes.
      consumer.close(Duration.ofSeconds(2));
    }
  }
}
