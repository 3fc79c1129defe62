package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.error.TablewaveException;
import io.tablewave.sql.TableProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One look at each topic, for one batch: the first question about a topic (its size for planning,
 * its columns, its data version, the offsets a refresh reads to) asks the cluster, and every later
 * one of the same batch gets the same answer. A batch so plans, checks whether a table is up to
 * date, and refreshes against the same offsets of a topic, with one description and one offset
 * request per topic instead of one per question. Thread-safe; a look that failed is not kept.
 */
public final class TopicLook {
  private static final Logger LOG = LoggerFactory.getLogger(TopicLook.class);

  private final KafkaCatalog catalog;
  private final Map<Key, TopicSnapshot> seen = new ConcurrentHashMap<>();

  private record Key(
      KafkaSourceSettings settings,
      String topic,
      TopicLoadSpec.Startup startup,
      TopicLoadSpec.Bound bound) {}

  TopicLook(KafkaCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** The topic's id and the offset ranges a load of {@code spec} reads, as this look found them. */
  public TopicSnapshot snapshot(TopicLoadSpec spec) {
    return snapshot(spec, spec.startup());
  }

  /**
   * As {@link #snapshot(TopicLoadSpec)}, with the ranges starting where {@code startup} says
   * instead of where the spec does.
   */
  public TopicSnapshot snapshot(TopicLoadSpec spec, TopicLoadSpec.Startup startup) {
    requireNonNull(spec, "spec is null");
    requireNonNull(startup, "startup is null");
    return seen.computeIfAbsent(
        new Key(spec.settings(), spec.topic(), startup, spec.bound()),
        key -> catalog.topics(key.settings()).snapshot(key.topic(), key.startup(), key.bound()));
  }

  /**
   * Why a table with these properties cannot read {@code topic}, or empty: as {@link
   * KafkaCatalog#problem}, except that a topic this look has already described exists.
   */
  public Optional<String> problem(String topic, Map<String, String> tableProperties) {
    TopicLoadSpec spec;
    try {
      spec = catalog.spec(topic, TableProperties.parse(tableProperties));
    } catch (TablewaveException e) {
      // the catalog says what is wrong with the properties
      return catalog.problem(topic, tableProperties);
    }
    boolean described =
        seen.keySet().stream()
            .anyMatch(key -> key.topic().equals(topic) && key.settings().equals(spec.settings()));
    return described ? Optional.empty() : catalog.problem(topic, tableProperties);
  }

  /**
   * What a load of {@code topic} with these table properties reads, as text: the topic's id and the
   * offset range of each partition. Equal texts mean the same records.
   */
  public String dataVersion(String topic, Map<String, String> tableProperties) {
    TopicSnapshot snapshot = snapshot(catalog.spec(topic, TableProperties.parse(tableProperties)));
    StringBuilder version = new StringBuilder(snapshot.topicId());
    for (PartitionRange range : snapshot.bounds().partitions()) {
      version
          .append(' ')
          .append(range.partition())
          .append(':')
          .append(range.startOffset())
          .append('-')
          .append(range.endOffset());
    }
    return version.toString();
  }

  /**
   * The columns of a table that reads {@code topic} with these table properties; see {@link
   * KafkaCatalog#columns(TopicLoadSpec, TopicSnapshot)}.
   *
   * @throws io.tablewave.error.TablewaveException when the topic cannot be read
   */
  public List<Column> columns(String topic, TableProperties tableProperties) {
    TopicLoadSpec spec = catalog.spec(topic, tableProperties);
    return catalog.columns(spec, snapshot(spec));
  }

  /**
   * The records a load of the topic with these table properties reads (its offset ranges), or empty
   * when they cannot be read; a size estimate for planning, never an error.
   */
  public OptionalLong records(String topic, Map<String, String> tableProperties) {
    try {
      return OptionalLong.of(
          snapshot(catalog.spec(topic, TableProperties.parse(tableProperties)))
              .bounds()
              .rowsExpected());
    } catch (RuntimeException e) {
      LOG.debug("no size estimate for topic {}: {}", topic, e.getMessage());
      return OptionalLong.empty();
    }
  }
}
