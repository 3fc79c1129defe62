package io.tablewave.registry;

import java.util.List;

/**
 * What an incremental refresh appended to a table's physical table, to be committed with the rows.
 *
 * @param rowsAppended the rows added to the table
 * @param issues why the appended data is degraded (skipped bad records, unknown fields), or null
 * @param kafkaOffsets every partition the table has read, with its next offset after this refresh
 */
public record AppendedRows(
    long rowsAppended,
    long loadMillis,
    long badRecords,
    String issues,
    List<KafkaOffsetEntry> kafkaOffsets) {
  public AppendedRows {
    kafkaOffsets = List.copyOf(kafkaOffsets);
  }
}
