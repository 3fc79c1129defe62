package io.tablewave.registry;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's read model: what the store holds, in memory, keyed by upper-case table names. It
 * changes only by {@link #apply} of a change the store holds already (or batch progress to be
 * written with the next one). Not thread-safe: guarded by the {@link RegistryLock}.
 */
final class RegistryState {
  private final Map<String, TableEntry> tables = new TreeMap<>();
  private final Map<String, List<DependencyEdge>> dependencies = new TreeMap<>();
  private final Map<String, List<KafkaOffsetEntry>> offsets = new TreeMap<>();
  private final Map<Long, BatchEntry> batches = new TreeMap<>();
  private final Map<Long, Map<String, BatchTableEntry>> batchTables = new TreeMap<>();

  /** Counts the changes to the tables: a query planned at one count reads the same tables. */
  private long tablesVersion;

  /** Fills the model with what the store holds. */
  void load(RegistrySnapshot snapshot) {
    tablesVersion++;
    snapshot.tables().forEach(t -> tables.put(key(t.name()), t));
    snapshot
        .dependencies()
        .forEach(
            d -> dependencies.computeIfAbsent(key(d.tableName()), k -> new ArrayList<>()).add(d));
    snapshot
        .kafkaOffsets()
        .forEach(o -> offsets.computeIfAbsent(key(o.tableName()), k -> new ArrayList<>()).add(o));
    snapshot.batches().forEach(b -> batches.put(b.batchId(), b));
    snapshot.batchTables().stream()
        .sorted(Comparator.comparingInt(BatchTableEntry::statementIndex))
        .forEach(
            e ->
                batchTables
                    .computeIfAbsent(e.batchId(), k -> new LinkedHashMap<>())
                    .put(key(e.tableName()), e));
  }

  void apply(RegistryChange change) {
    if (!change.deletedTables().isEmpty() || !change.tables().isEmpty()) {
      tablesVersion++;
    }
    for (String name : change.deletedTables()) {
      tables.remove(key(name));
      dependencies.remove(key(name));
      offsets.remove(key(name));
    }
    change.tables().forEach(t -> tables.put(key(t.row().name()), t.row()));
    change
        .replacedDependencies()
        .forEach((t, edges) -> dependencies.put(key(t), new ArrayList<>(edges.rows())));
    change
        .replacedOffsets()
        .forEach((t, list) -> offsets.put(key(t), new ArrayList<>(list.rows())));
    change.batches().forEach(b -> batches.put(b.row().batchId(), b.row()));
    for (long batchId : change.deletedBatches()) {
      batches.remove(batchId);
      batchTables.remove(batchId);
    }
    change
        .batchTables()
        .forEach(
            written -> {
              BatchTableEntry e = written.row();
              batchTables
                  .computeIfAbsent(e.batchId(), k -> new LinkedHashMap<>())
                  .put(key(e.tableName()), e);
            });
  }

  /** A number that changes whenever a table is added, changed or removed. */
  long tablesVersion() {
    return tablesVersion;
  }

  /** The table named {@code name} in any case, or null. */
  TableEntry table(String name) {
    return tables.get(key(name));
  }

  Collection<TableEntry> tables() {
    return tables.values();
  }

  List<DependencyEdge> dependencies() {
    return dependencies.values().stream().flatMap(Collection::stream).toList();
  }

  List<KafkaOffsetEntry> kafkaOffsets() {
    return offsets.values().stream().flatMap(Collection::stream).toList();
  }

  boolean hasKafkaOffsets(String table) {
    List<KafkaOffsetEntry> stored = offsets.get(key(table));
    return stored != null && !stored.isEmpty();
  }

  boolean hasDependencies(String table) {
    List<DependencyEdge> stored = dependencies.get(key(table));
    return stored != null && !stored.isEmpty();
  }

  /** Names of the registered tables that read {@code name}. */
  List<String> dependentsOf(String name) {
    return dependencies.values().stream()
        .flatMap(Collection::stream)
        .filter(d -> d.kind() == DependencyKind.TABLE && key(d.dependsOn()).equals(key(name)))
        .map(DependencyEdge::tableName)
        .filter(t -> tables.containsKey(key(t)))
        .distinct()
        .sorted()
        .toList();
  }

  Collection<BatchEntry> batches() {
    return batches.values();
  }

  BatchEntry batch(long batchId) {
    return batches.get(batchId);
  }

  /**
   * The highest batch id the registry refers to: of a batch, or of the load of a table (whose batch
   * may have been forgotten since, see {@link Registry#forgetBatch}).
   */
  long lastBatchId() {
    long batch = batches.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    long load = tables.values().stream().mapToLong(TableEntry::batchId).max().orElse(0);
    return Math.max(batch, load);
  }

  /** The tables of a batch in statement order. */
  Collection<BatchTableEntry> batchTables(long batchId) {
    return batchTables.getOrDefault(batchId, Map.of()).values();
  }

  List<BatchTableEntry> batchTables() {
    return batchTables.values().stream().flatMap(m -> m.values().stream()).toList();
  }

  BatchEntry requireBatch(long batchId) {
    BatchEntry batch = batches.get(batchId);
    if (batch == null) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR, "batch " + batchId + " is not registered");
    }
    return batch;
  }

  /** The table's row in the batch, if the batch has the table. */
  Optional<BatchTableEntry> batchTable(long batchId, String table) {
    return Optional.ofNullable(batchTables.getOrDefault(batchId, Map.of()).get(key(table)));
  }

  BatchTableEntry requireBatchTable(long batchId, String table) {
    BatchTableEntry entry = batchTable(batchId, table).orElse(null);
    if (entry == null) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR, "table " + table + " is not part of batch " + batchId);
    }
    return entry;
  }

  /** How the registry compares table names: case-insensitively. */
  static String key(String name) {
    return name.toUpperCase(Locale.ROOT);
  }
}
