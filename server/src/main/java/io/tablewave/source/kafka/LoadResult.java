package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * What a finished load did.
 *
 * @param unknownFields JSON fields that are not columns (they appeared after the sample), with the
 *     number of records that carried each; their values were not loaded
 */
public record LoadResult(
    long rowsLoaded,
    long badRecords,
    Map<String, Long> unknownFields,
    List<PartitionRange> partitions) {
  public LoadResult {
    unknownFields = Map.copyOf(requireNonNull(unknownFields, "unknownFields is null"));
    partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
  }

  /** True when fields were left out, so the table should be marked DEGRADED. */
  public boolean degraded() {
    return !unknownFields.isEmpty();
  }
}
