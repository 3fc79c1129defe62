package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import io.tablewave.source.kafka.TopicLoadSpec.Bound;
import io.tablewave.source.kafka.TopicLoadSpec.BoundMode;
import io.tablewave.source.kafka.TopicLoadSpec.Startup;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Topic metadata of one cluster through a cached admin client. Every call gives up after the
 * settings' request timeout (plus a little) with {@code SOURCE_UNAVAILABLE}. Thread-safe.
 */
public final class KafkaTopics implements AutoCloseable {
  private static final long GRACE_MILLIS = 2_000;

  private final KafkaSourceSettings settings;
  private final ConsumerPool consumers;

  /** Each topic's partitions as its last description showed them. */
  private final Map<String, List<TopicPartition>> lastSeenPartitions = new ConcurrentHashMap<>();

  private Admin admin;
  private boolean closed;

  public KafkaTopics(KafkaSourceSettings settings) {
    this.settings = requireNonNull(settings, "settings is null");
    this.consumers = new ConsumerPool(settings, BoundedTopicReader.DEFAULT_MAX_READERS);
  }

  /** The cluster's consumers, kept between loads. */
  public ConsumerPool consumers() {
    return consumers;
  }

  public KafkaSourceSettings settings() {
    return settings;
  }

  public boolean exists(String topic) {
    requireNonNull(topic, "topic is null");
    return listTopics().contains(topic);
  }

  /** The names of all topics except Kafka's internal ones, sorted. */
  public Set<String> listTopics() {
    return new TreeSet<>(
        await(admin().listTopics(new ListTopicsOptions().listInternal(false)).names()));
  }

  /**
   * The partitions of a topic in partition order; {@code MISSING_TOPIC} if there is no such topic.
   */
  public List<TopicPartition> partitions(String topic) {
    requireNonNull(topic, "topic is null");
    return partitions(describe(topic));
  }

  /** The topic's id, which tells a topic from one deleted and created again under the same name. */
  public String topicId(String topic) {
    requireNonNull(topic, "topic is null");
    return describe(topic).topicId().toString();
  }

  /**
   * The offset ranges a load of {@code spec.topic()} reads, taken now: committed records only (the
   * end is at most the last stable offset).
   */
  public TopicBounds bounds(TopicLoadSpec spec) {
    requireNonNull(spec, "spec is null");
    return snapshot(spec).bounds();
  }

  public TopicBounds bounds(String topic, Startup startup, Bound bound) {
    return snapshot(topic, startup, bound).bounds();
  }

  /** The topic's id and the offset ranges a load of {@code spec.topic()} reads, taken now. */
  public TopicSnapshot snapshot(TopicLoadSpec spec) {
    requireNonNull(spec, "spec is null");
    return snapshot(spec.topic(), spec.startup(), spec.bound());
  }

  /**
   * The topic's id and the offset ranges of {@link #bounds(String, Startup, Bound)}, from one
   * description of the topic; the offsets of every kind needed are asked for at once. When the
   * topic was looked at before, its offsets are asked for together with its description, for the
   * partitions it had then, and asked again only if the description shows others: one round trip to
   * the cluster instead of two.
   */
  public TopicSnapshot snapshot(String topic, Startup startup, Bound bound) {
    requireNonNull(topic, "topic is null");
    KafkaFuture<TopicDescription> described =
        admin().describeTopics(List.of(topic)).topicNameValues().get(topic);
    List<TopicPartition> seen = lastSeenPartitions.get(topic);
    OffsetRequests early = seen == null ? null : new OffsetRequests(seen, startup, bound);
    TopicDescription description;
    try {
      description = await(described);
    } catch (MissingTopicSignal e) {
      lastSeenPartitions.remove(topic);
      throw KafkaErrors.missingTopic(topic, settings);
    }
    List<TopicPartition> partitions = partitions(description);
    lastSeenPartitions.put(topic, partitions);
    OffsetRequests asked =
        early != null && early.partitions.equals(partitions)
            ? early
            : new OffsetRequests(partitions, startup, bound);
    try {
      return new TopicSnapshot(description.topicId().toString(), asked.bounds(topic));
    } catch (MissingTopicSignal e) {
      throw KafkaErrors.missingTopic(topic, settings);
    }
  }

  private TopicDescription describe(String topic) {
    try {
      return await(admin().describeTopics(List.of(topic)).topicNameValues().get(topic));
    } catch (MissingTopicSignal e) {
      throw KafkaErrors.missingTopic(topic, settings);
    }
  }

  private static List<TopicPartition> partitions(TopicDescription description) {
    return description.partitions().stream()
        .map(p -> new TopicPartition(description.name(), p.partition()))
        .sorted(Comparator.comparingInt(TopicPartition::partition))
        .toList();
  }

  /** The offsets of every kind a load's ranges need, asked for at once, answered later. */
  private final class OffsetRequests {
    private final List<TopicPartition> partitions;
    private final Startup startup;
    private final Bound bound;
    private final KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> earliestAsked;
    private final KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> stableAsked;
    private final KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> startAsked;
    private final KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> endAsked;

    OffsetRequests(List<TopicPartition> partitions, Startup startup, Bound bound) {
      this.partitions = partitions;
      this.startup = startup;
      this.bound = bound;
      this.earliestAsked = offsets(partitions, OffsetSpec.earliest());
      this.stableAsked = offsets(partitions, OffsetSpec.latest());
      this.startAsked =
          startup.mode() == TopicLoadSpec.StartupMode.TIMESTAMP
              ? offsets(partitions, OffsetSpec.forTimestamp(startup.timestampMillis()))
              : null;
      this.endAsked =
          bound.mode() == BoundMode.TIMESTAMP
              ? offsets(partitions, OffsetSpec.forTimestamp(bound.timestampMillis()))
              : null;
    }

    TopicBounds bounds(String topic) {
      Map<TopicPartition, Long> earliest = offsetsOf(earliestAsked);
      Map<TopicPartition, Long> stable = offsetsOf(stableAsked);
      Map<TopicPartition, Long> start =
          switch (startup.mode()) {
            case EARLIEST -> earliest;
            case LATEST -> stable;
            case TIMESTAMP -> offsetsOf(startAsked);
          };
      Map<TopicPartition, Long> end = endAsked != null ? offsetsOf(endAsked) : stable;
      List<PartitionRange> ranges = new ArrayList<>();
      for (TopicPartition tp : partitions) {
        long stableEnd = stable.get(tp);
        long e = Math.min(orElse(end.get(tp), stableEnd), stableEnd);
        long s = Math.min(Math.max(orElse(start.get(tp), stableEnd), earliest.get(tp)), e);
        ranges.add(new PartitionRange(tp.partition(), s, e));
      }
      return new TopicBounds(topic, ranges);
    }
  }

  /** A negative offset means no record at or after the timestamp. */
  private static long orElse(Long offset, long fallback) {
    return offset == null || offset < 0 ? fallback : offset;
  }

  private KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> offsets(
      List<TopicPartition> partitions, OffsetSpec spec) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    partitions.forEach(tp -> request.put(tp, spec));
    return admin()
        .listOffsets(request, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
        .all();
  }

  private Map<TopicPartition, Long> offsetsOf(
      KafkaFuture<Map<TopicPartition, ListOffsetsResultInfo>> asked) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    await(asked).forEach((tp, info) -> offsets.put(tp, info.offset()));
    return offsets;
  }

  private <T> T await(KafkaFuture<T> future) {
    try {
      return future.get(settings.requestTimeout().toMillis() + GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw KafkaErrors.unreachable(settings, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        throw new MissingTopicSignal();
      }
      throw KafkaErrors.unreachable(settings, e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw KafkaErrors.unreachable(
          settings,
          new TimeoutException("no answer within " + settings.requestTimeout().toSeconds() + " s"));
    }
  }

  private synchronized Admin admin() {
    if (closed) {
      throw new IllegalStateException("KafkaTopics is closed");
    }
    if (admin == null) {
      try {
        admin = Admin.create(settings.adminConfig());
      } catch (RuntimeException e) {
        throw KafkaErrors.unreachable(settings, e);
      }
    }
    return admin;
  }

  @Override
  public synchronized void close() {
    closed = true;
    consumers.close();
    if (admin != null) {
      admin.close(java.time.Duration.ofSeconds(5));
      admin = null;
    }
  }

  /** Raised inside {@link #await} for a missing topic; callers turn it into MISSING_TOPIC. */
  private static final class MissingTopicSignal extends RuntimeException {
    MissingTopicSignal() {
      super(null, null, false, false);
    }
  }
}
