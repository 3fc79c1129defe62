package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumers of one cluster kept between loads: a new consumer connects, asks for metadata and opens
 * a fetch session before its first record, which is most of the time a refresh of a few thousand
 * records takes to read. A consumer comes back only from a read that ended cleanly; one that was
 * stopped, woken up or failed is closed instead. It is kept with its partitions, paused: assigned
 * partitions of the same topics again, it fetches at once, without asking for their metadata anew
 * (about half of what a read of a few thousand records waits for its first ones).
 */
public final class ConsumerPool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerPool.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private final KafkaSourceSettings settings;
  private final int maxIdle;
  private final Deque<Idle> idle = new ArrayDeque<>();
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
   * A consumer, kept or new, for reading {@code partitions}: a kept one whose partitions were of
   * the same topics if there is one. A kept consumer still has its last read's partitions assigned,
   * paused; the caller assigns its own and resumes them. The caller owns the consumer until {@link
   * #giveBack}.
   */
  KafkaConsumer<byte[], byte[]> take(String purpose, Set<TopicPartition> partitions) {
    Set<String> topics = topicsOf(partitions);
    synchronized (this) {
      Idle chosen = null;
      for (Idle candidate : idle) {
        if (candidate.topics().equals(topics)) {
          chosen = candidate;
          break;
        }
      }
      if (chosen == null) {
        chosen = idle.peekFirst();
      }
      if (chosen != null) {
        idle.remove(chosen);
        return chosen.consumer();
      }
    }
    return new KafkaConsumer<>(
        settings.consumerConfig("tablewave-" + purpose + "-" + made.incrementAndGet()));
  }

  /**
   * Ends the caller's use of {@code consumer}: kept for the next load when {@code reusable} and
   * there is room, its partitions paused, else closed.
   *
   * @param reusable whether the read ended cleanly (not stopped, woken up or failed)
   */
  void giveBack(KafkaConsumer<byte[], byte[]> consumer, boolean reusable) {
    if (reusable) {
      try {
        Set<TopicPartition> assigned = consumer.assignment();
        consumer.pause(assigned);
        synchronized (this) {
          if (!closed && idle.size() < maxIdle) {
            idle.push(new Idle(consumer, topicsOf(assigned)));
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

  /** A kept consumer, and the topics of the partitions it has assigned. */
  private record Idle(KafkaConsumer<byte[], byte[]> consumer, Set<String> topics) {}

  private static Set<String> topicsOf(Set<TopicPartition> partitions) {
    return partitions.stream().map(TopicPartition::topic).collect(Collectors.toUnmodifiableSet());
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
      toClose = idle.stream().map(Idle::consumer).toList();
      idle.clear();
    }
    toClose.forEach(consumer -> consumer.close(CLOSE_TIMEOUT));
  }
}
