package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import java.util.Comparator;
import java.util.List;

/** The per-partition offset ranges of a load, fixed when the load starts. */
public record TopicBounds(String topic, List<PartitionRange> partitions) {
  public TopicBounds {
    requireNonNull(topic, "topic is null");
    partitions =
        requireNonNull(partitions, "partitions is null").stream()
            .sorted(Comparator.comparingInt(PartitionRange::partition))
            .toList();
  }

  /** An upper bound of the rows the load will produce (the offsets in all ranges). */
  public long rowsExpected() {
    return partitions.stream().mapToLong(PartitionRange::size).sum();
  }

  public boolean isEmpty() {
    return rowsExpected() == 0;
  }
}
