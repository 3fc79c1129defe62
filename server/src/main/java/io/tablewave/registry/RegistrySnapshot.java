package io.tablewave.registry;

import java.util.List;

/** Everything the registry holds, as read from the store at startup. */
public record RegistrySnapshot(
    List<TableEntry> tables,
    List<DependencyEdge> dependencies,
    List<BatchEntry> batches,
    List<BatchTableEntry> batchTables,
    List<KafkaOffsetEntry> kafkaOffsets) {
  public RegistrySnapshot {
    tables = List.copyOf(tables);
    dependencies = List.copyOf(dependencies);
    batches = List.copyOf(batches);
    batchTables = List.copyOf(batchTables);
    kafkaOffsets = List.copyOf(kafkaOffsets);
  }
}
