package io.tablewave.registry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The writes of one registry transition, applied to the store in one transaction. */
final class RegistryChange {
  private final List<String> deletedTables = new ArrayList<>();
  private final List<TableEntry> upsertedTables = new ArrayList<>();
  private final Map<String, List<DependencyEdge>> replacedDependencies = new LinkedHashMap<>();
  private final Map<String, List<KafkaOffsetEntry>> replacedOffsets = new LinkedHashMap<>();
  private final List<BatchEntry> upsertedBatches = new ArrayList<>();
  private final List<BatchTableEntry> upsertedBatchTables = new ArrayList<>();

  RegistryChange deleteTable(String name) {
    deletedTables.add(name);
    return this;
  }

  RegistryChange upsertTable(TableEntry table) {
    upsertedTables.add(table);
    return this;
  }

  RegistryChange replaceDependencies(String table, List<DependencyEdge> edges) {
    replacedDependencies.put(table, List.copyOf(edges));
    return this;
  }

  RegistryChange replaceOffsets(String table, List<KafkaOffsetEntry> offsets) {
    replacedOffsets.put(table, List.copyOf(offsets));
    return this;
  }

  RegistryChange upsertBatch(BatchEntry batch) {
    upsertedBatches.add(batch);
    return this;
  }

  RegistryChange upsertBatchTable(BatchTableEntry entry) {
    upsertedBatchTables.add(entry);
    return this;
  }

  List<String> deletedTables() {
    return deletedTables;
  }

  List<TableEntry> upsertedTables() {
    return upsertedTables;
  }

  Map<String, List<DependencyEdge>> replacedDependencies() {
    return replacedDependencies;
  }

  Map<String, List<KafkaOffsetEntry>> replacedOffsets() {
    return replacedOffsets;
  }

  List<BatchEntry> upsertedBatches() {
    return upsertedBatches;
  }

  List<BatchTableEntry> upsertedBatchTables() {
    return upsertedBatchTables;
  }
}
