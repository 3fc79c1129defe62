package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a successful load produced, to be swapped in.
 *
 * @param issues why the new data is degraded (skipped bad records, unknown fields), or null
 */
public record LoadedTable(
    String physicalName,
    long rowCount,
    String sqlText,
    String propertiesJson,
    int wave,
    long loadMillis,
    long badRecords,
    String issues,
    List<DependencyEdge> dependencies,
    List<KafkaOffsetEntry> kafkaOffsets) {
  public LoadedTable {
    requireNonNull(physicalName, "physicalName is null");
    requireNonNull(sqlText, "sqlText is null");
    requireNonNull(propertiesJson, "propertiesJson is null");
    dependencies = List.copyOf(dependencies);
    kafkaOffsets = List.copyOf(kafkaOffsets);
  }
}
