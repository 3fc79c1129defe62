package io.tablewave.execute;

import io.tablewave.registry.KafkaOffsetEntry;
import java.util.List;

/**
 * What a materialization built.
 *
 * @param issues why the data is degraded (e.g. skipped bad records), or null
 */
public record Materialized(
    long rowCount, long badRecords, String issues, List<KafkaOffsetEntry> kafkaOffsets) {
  public Materialized {
    kafkaOffsets = List.copyOf(kafkaOffsets);
  }
}
