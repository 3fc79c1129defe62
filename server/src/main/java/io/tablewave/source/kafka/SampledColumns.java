package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns inferred from complete samples of topics, so that a table refreshed every second does
 * not read the head of its topic again each time. A sample is the first records from the start
 * offsets of a topic; while the topic is the same topic (its id) and its start offsets have not
 * moved, those records are the same, so the columns are too. Samples that ended before their full
 * size (a topic with few records yet) are not kept: more records may show more fields. Keeps the
 * most recently used {@code capacity} entries.
 */
final class SampledColumns {
  /** What a sample depends on: how the topic is read, which topic it is, where it starts. */
  record Key(TopicLoadSpec spec, String topicId, Map<Integer, Long> startOffsets) {
    Key {
      requireNonNull(spec, "spec is null");
      requireNonNull(topicId, "topicId is null");
      startOffsets = Map.copyOf(startOffsets);
    }

    static Key of(TopicLoadSpec spec, String topicId, TopicBounds bounds) {
      Map<Integer, Long> starts = new LinkedHashMap<>();
      bounds.partitions().forEach(range -> starts.put(range.partition(), range.startOffset()));
      return new Key(spec, topicId, starts);
    }
  }

  private final Map<Key, List<Column>> kept;

  SampledColumns(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive");
    }
    this.kept =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Key, List<Column>> eldest) {
            return size() > capacity;
          }
        };
  }

  synchronized Optional<List<Column>> get(Key key) {
    return Optional.ofNullable(kept.get(key));
  }

  synchronized void put(Key key, List<Column> columns) {
    kept.put(key, List.copyOf(columns));
  }
}
