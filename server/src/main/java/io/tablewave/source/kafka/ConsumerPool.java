package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumers of one cluster kept between loads: a new consumer connects, asks for metadata and opens
 * a fetch session before its first record, which is most of the time a refresh of a few thousand
 * records takes to read. A consumer comes back only from a read that ended cleanly, without its
 * partitions; one that was stopped, woken up or failed is closed instead.
 */
public final class ConsumerPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerPool.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private final KafkaSourceSettings settings;
  private final int maxIdle;
  private final Deque<KafkaConsumer<byte[], byte[]>> idle = new ArrayDeque<>();
  private final AtomicLong made = new AtomicLong();
  private boolean closed;

  /**
   * @param maxIdle consumers kept between loads; 0 closes each after its read
   */
  public ConsumerPool(KafkaSourceSettings settings, int maxIdle) {
    this.settings = requireNonNull(settings, "settings is null");
    if (maxIdle < 0) {
      throw new IllegalArgumentException("maxIdle must not be negative");
    }
    this.maxIdle = maxIdle;
  }

  public KafkaSourceSettings settings() {
    return settings;
  }

  /**
   * A consumer with no partitions assigned, kept or new; the caller owns it until {@link
   * #giveBack}.
   */
  KafkaConsumer<byte[], byte[]> take(String purpose) {
    synchronized (this) {
      if (!idle.isEmpty()) {
        return idle.pop();
      }
    }
    return new KafkaConsumer<>(
        settings.consumerConfig("tablewave-" + purpose + "-" + made.incrementAndGet()));
  }

  /**
   * Ends the caller's use of {@code consumer}: kept for the next load when {@code reusable} and
   * there is room, else closed.
   *
   * @param reusable whether the read ended cleanly (not stopped, woken up or failed)
   */
  void giveBack(KafkaConsumer<byte[], byte[]> consumer, boolean reusable) {
    if (reusable) {
      try {
        consumer.assign(List.of());
        synchronized (this) {
          if (!closed && idle.size() < maxIdle) {
            idle.push(consumer);
            return;
          }
        }
      } catch (RuntimeException e) {
        LOG.debug(
            "a consumer of {} is closed, not kept: {}", settings.bootstrapServers(), e.toString());
      }
    }
    consumer.close(CLOSE_TIMEOUT);
  }

  /** How many consumers are kept now. */
  synchronized int idle() {
    return idle.size();
  }

  /** How many consumers this pool has made. */
  long consumersMade() {
    return made.get();
  }

  @Override
  public void close() {
    List<KafkaConsumer<byte[], byte[]>> toClose;
    synchronized (this) {
      closed = true;
      toClose = List.copyOf(idle);
      idle.clear();
    }
    toClose.forEach(consumer -> consumer.close(CLOSE_TIMEOUT));
  }
}
