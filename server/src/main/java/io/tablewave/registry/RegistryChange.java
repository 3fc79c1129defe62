package io.tablewave.registry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The writes of one registry transition, applied to the store in one transaction. Each written row
 * says whether it is new, so that the store inserts it, or already stored, so that the store
 * updates it in place.
 */
final class RegistryChange {
  private final List<String> deletedTables = new ArrayList<>();
  private final Map<String, Written<TableEntry>> tables = new LinkedHashMap<>();
  private final Map<String, Replaced<DependencyEdge>> replacedDependencies = new LinkedHashMap<>();
  private final Map<String, Replaced<KafkaOffsetEntry>> replacedOffsets = new LinkedHashMap<>();
  private final Map<String, Written<BatchEntry>> batches = new LinkedHashMap<>();
  private final Map<String, Written<BatchTableEntry>> batchTables = new LinkedHashMap<>();
  private final List<Long> deletedBatches = new ArrayList<>();

  /** A row to write; {@code isNew} when the store does not hold it yet. */
  record Written<T>(T row, boolean isNew) {}

  /**
   * The rows that replace a table's rows in a registry table; {@code stored} when the store holds
   * rows of the table there to delete first.
   */
  record Replaced<T>(List<T> rows, boolean stored) {}

  RegistryChange deleteTable(String name) {
    deletedTables.add(name);
    return this;
  }

  RegistryChange insertTable(TableEntry table) {
    tables.put(tableKey(table.name()), new Written<>(table, true));
    return this;
  }

  RegistryChange updateTable(TableEntry table) {
    tables.put(tableKey(table.name()), new Written<>(table, false));
    return this;
  }

  /**
   * @param stored whether the store holds dependencies of {@code table} now
   */
  RegistryChange replaceDependencies(String table, List<DependencyEdge> edges, boolean stored) {
    replacedDependencies.put(table, new Replaced<>(List.copyOf(edges), stored));
    return this;
  }

  /**
   * @param stored whether the store holds offsets of {@code table} now
   */
  RegistryChange replaceOffsets(String table, List<KafkaOffsetEntry> offsets, boolean stored) {
    replacedOffsets.put(table, new Replaced<>(List.copyOf(offsets), stored));
    return this;
  }

  RegistryChange insertBatch(BatchEntry batch) {
    batches.put(batchKey(batch.batchId()), new Written<>(batch, true));
    return this;
  }

  RegistryChange updateBatch(BatchEntry batch) {
    batches.merge(batchKey(batch.batchId()), new Written<>(batch, false), RegistryChange::later);
    return this;
  }

  /** Removes a finished batch and its tables' rows. */
  RegistryChange deleteBatch(long batchId) {
    deletedBatches.add(batchId);
    return this;
  }

  RegistryChange insertBatchTable(BatchTableEntry entry) {
    batchTables.put(batchTableKey(entry.batchId(), entry.tableName()), new Written<>(entry, true));
    return this;
  }

  RegistryChange updateBatchTable(BatchTableEntry entry) {
    batchTables.merge(
        batchTableKey(entry.batchId(), entry.tableName()),
        new Written<>(entry, false),
        RegistryChange::later);
    return this;
  }

  /**
   * This change with the batch progress of an {@code earlier} one that was not written yet in front
   * of it: the rows of both, the later version of a row written twice. Progress is what batches
   * record as they go, and the names their first loads reserve (new rows of tables); a table this
   * change deletes loses its reservation.
   */
  RegistryChange after(RegistryChange earlier) {
    if (!earlier.deletedTables.isEmpty()
        || !earlier.deletedBatches.isEmpty()
        || earlier.tables.values().stream().anyMatch(t -> !t.isNew())
        || !earlier.replacedDependencies.isEmpty()
        || !earlier.replacedOffsets.isEmpty()) {
      throw new IllegalArgumentException("only batch progress can be written later: " + earlier);
    }
    RegistryChange combined = new RegistryChange();
    combined.deletedTables.addAll(deletedTables);
    combined.deletedBatches.addAll(deletedBatches);
    combined.tables.putAll(earlier.tables);
    // Deleted before the rows are written: a reservation deleted now is not written at all.
    deletedTables.forEach(name -> combined.tables.remove(tableKey(name)));
    tables.forEach((key, table) -> combined.tables.merge(key, table, RegistryChange::later));
    combined.replacedDependencies.putAll(replacedDependencies);
    combined.replacedOffsets.putAll(replacedOffsets);
    combined.batches.putAll(earlier.batches);
    batches.forEach((id, batch) -> combined.batches.merge(id, batch, RegistryChange::later));
    combined.batchTables.putAll(earlier.batchTables);
    batchTables.forEach(
        (key, entry) -> combined.batchTables.merge(key, entry, RegistryChange::later));
    return combined;
  }

  /**
   * What this change writes, as {@link #tableKey}, {@link #batchKey} and {@link #batchTableKey}:
   * two changes with no key in common can be computed from the same state and written in either
   * order.
   */
  Set<String> keys() {
    Set<String> keys = new HashSet<>(tables.keySet());
    deletedTables.forEach(name -> keys.add(tableKey(name)));
    replacedDependencies.keySet().forEach(name -> keys.add(tableKey(name)));
    replacedOffsets.keySet().forEach(name -> keys.add(tableKey(name)));
    keys.addAll(batches.keySet());
    keys.addAll(batchTables.keySet());
    deletedBatches.forEach(id -> keys.add(batchKey(id)));
    return keys;
  }

  static String tableKey(String name) {
    return "T:" + key(name);
  }

  static String batchKey(long batchId) {
    return "B:" + batchId;
  }

  /**
   * The key of a table of a batch; every one of the batch starts with {@code batchTableKey(batchId,
   * "")}.
   */
  static String batchTableKey(long batchId, String table) {
    return "BT:" + batchId + "/" + key(table);
  }

  boolean isEmpty() {
    return deletedTables.isEmpty()
        && deletedBatches.isEmpty()
        && tables.isEmpty()
        && replacedDependencies.isEmpty()
        && replacedOffsets.isEmpty()
        && batches.isEmpty()
        && batchTables.isEmpty();
  }

  List<String> deletedTables() {
    return deletedTables;
  }

  List<Long> deletedBatches() {
    return deletedBatches;
  }

  Collection<Written<TableEntry>> tables() {
    return tables.values();
  }

  Map<String, Replaced<DependencyEdge>> replacedDependencies() {
    return replacedDependencies;
  }

  Map<String, Replaced<KafkaOffsetEntry>> replacedOffsets() {
    return replacedOffsets;
  }

  Collection<Written<BatchEntry>> batches() {
    return batches.values();
  }

  Collection<Written<BatchTableEntry>> batchTables() {
    return batchTables.values();
  }

  @Override
  public String toString() {
    return "RegistryChange[deleted tables "
        + deletedTables
        + ", tables "
        + tables.keySet()
        + ", batches "
        + batches.keySet()
        + ", batch tables "
        + batchTables.keySet()
        + "]";
  }

  /**
   * A row written twice keeps its later values, and stays new if the store did not hold it before
   * either.
   */
  private static <T> Written<T> later(Written<T> first, Written<T> second) {
    return new Written<>(second.row(), first.isNew() || second.isNew());
  }

  private static String key(String name) {
    return name.toUpperCase(Locale.ROOT);
  }
}
