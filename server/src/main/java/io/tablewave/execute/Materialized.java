package io.tablewave.execute;

import java.util.List;

import io.tablewave.registry.KafkaOffsetEntry;

/**
 * What a materialization built.
 *
 * @param issues why the data is degraded (e.g. skipped bad records), or null
 */
public record Materialized(long rowCount, long badRecords, String issues, List<KafkaOffsetEntry> kafkaOffsets) {
  public Materialized {
    kafkaOffsets = List.copyOf(kafkaOffsets);
  }
}
