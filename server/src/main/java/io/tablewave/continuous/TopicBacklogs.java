package io.tablewave.continuous;

import static java.util.Objects.requireNonNull;

import io.tablewave.registry.DependencyEdge;
import io.tablewave.registry.DependencyKind;
import io.tablewave.registry.KafkaOffsetEntry;
import io.tablewave.registry.Registry;
import io.tablewave.registry.TableEntry;
import io.tablewave.registry.TableStatus;
import io.tablewave.source.kafka.KafkaCatalog;
import io.tablewave.source.kafka.PartitionRange;
import io.tablewave.source.kafka.RecordTimestamps;
import io.tablewave.source.kafka.TopicBounds;
import io.tablewave.source.kafka.TopicLoadSpec;
import io.tablewave.sql.TableProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The backlog of every table that reads Kafka topics itself: per partition, the committed offsets
 * between the next offset the registry records for the table ({@code SYS.KAFKA_OFFSETS}) and the
 * topic's end now, and the timestamp of the record at that next offset. A table whose topics cannot
 * be read now has no entry. I/O: Kafka metadata calls and one record read per partition behind
 * (answers kept).
 */
final class TopicBacklogs {
  private static final Logger LOG = LoggerFactory.getLogger(TopicBacklogs.class);

  private final Registry registry;
  private final KafkaCatalog kafka;
  private final RecordTimestamps timestamps;
  private final RegisteredProperties properties = new RegisteredProperties();

  TopicBacklogs(Registry registry, KafkaCatalog kafka, RecordTimestamps timestamps) {
    this.registry = requireNonNull(registry, "registry is null");
    this.kafka = requireNonNull(kafka, "kafka is null");
    this.timestamps = requireNonNull(timestamps, "timestamps is null");
  }

  /** The backlog of each table reading topics, by upper-case table name. */
  Map<String, Backlog> compute() {
    Map<String, Map<String, KafkaOffsetEntry>> offsets = new HashMap<>();
    for (KafkaOffsetEntry o : registry.kafkaOffsets()) {
      offsets
          .computeIfAbsent(key(o.tableName()), k -> new HashMap<>())
          .put(o.topic() + "/" + o.partition(), o);
    }
    Map<String, List<String>> topics = new HashMap<>();
    for (DependencyEdge edge : registry.dependencies()) {
      if (edge.kind() == DependencyKind.KAFKA_TOPIC) {
        topics
            .computeIfAbsent(key(edge.tableName()), k -> new java.util.ArrayList<>())
            .add(edge.dependsOn());
      }
    }
    Map<String, TopicBounds> bounds = new HashMap<>();
    Map<String, RuntimeException> failed = new HashMap<>();
    Map<String, Backlog> backlogs = new HashMap<>();
    for (TableEntry table : registry.tables()) {
      List<String> read = topics.get(key(table.name()));
      if (table.status() != TableStatus.ACTIVE || read == null) {
        continue;
      }
      try {
        TableProperties parsed = TableProperties.parse(properties.of(table));
        Backlog backlog = Backlog.NONE;
        for (String topic : read) {
          TopicLoadSpec spec = kafka.spec(topic, parsed);
          String where = spec.settings() + "|" + topic + "|" + spec.startup() + "|" + spec.bound();
          RuntimeException unreadable = failed.get(where);
          if (unreadable != null) {
            throw unreadable;
          }
          TopicBounds now = bounds.get(where);
          if (now == null) {
            try {
              now = kafka.topics(spec.settings()).bounds(spec);
            } catch (RuntimeException e) {
              // asked once per computation: a cluster that is down costs one time-out, not one a
              // table
              failed.put(where, e);
              throw e;
            }
            bounds.put(where, now);
          }
          Map<String, KafkaOffsetEntry> loaded = offsets.getOrDefault(key(table.name()), Map.of());
          for (PartitionRange range : now.partitions()) {
            KafkaOffsetEntry entry = loaded.get(topic + "/" + range.partition());
            long next =
                entry == null
                    ? range.startOffset()
                    : Math.max(entry.endOffset(), range.startOffset());
            long behind = Math.max(0, range.endOffset() - next);
            if (behind == 0) {
              continue;
            }
            OptionalLong at =
                timestamps.timestampAt(spec.settings(), topic, range.partition(), next);
            backlog = backlog.plus(new Backlog(behind, at.orElse(-1)));
          }
        }
        backlogs.put(key(table.name()), backlog);
      } catch (RuntimeException e) {
        LOG.debug("no backlog for table {}: {}", table.name(), e.getMessage());
      }
    }
    return backlogs;
  }

  static String key(String table) {
    return table.toUpperCase(Locale.ROOT);
  }
}
