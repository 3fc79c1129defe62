package io.tablewave.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;

import static java.util.Objects.requireNonNull;

/**
 * What the server knows about tables, dependencies and batches. The state lives in memory for
 * fast reads and is written through to the store, one transaction per transition, before
 * memory changes; a failed write leaves both as they were.
 *
 * <p>Progress within a batch (the batch running, a table starting, the rows it expects) changes
 * memory at once and is written with the next transition: after a stop it would be repaired to
 * the same result, since every unfinished batch and table is marked interrupted, so it need not
 * cost a store transaction of its own.
 */
public final class Registry {
  public static final String INTERRUPTED_MESSAGE = "interrupted by server restart";

  private final RegistryRepository repository;
  private final Clock clock;
  private final ReentrantLock planningLock = new ReentrantLock(true);

  private final Map<String, TableEntry> tables = new TreeMap<>();
  private final Map<String, List<DependencyEdge>> dependencies = new TreeMap<>();
  private final Map<String, List<KafkaOffsetEntry>> offsets = new TreeMap<>();
  private final Map<Long, BatchEntry> batches = new TreeMap<>();
  private final Map<Long, Map<String, BatchTableEntry>> batchTables = new TreeMap<>();
  private final Map<String, AtomicLong> liveRows = new HashMap<>();
  private final Map<String, CompletableFuture<Boolean>> firstLoads = new HashMap<>();
  private final AtomicLong lastBatchId = new AtomicLong();
  private RegistryChange unwritten;

  public Registry(RegistryRepository repository, Clock clock) {
    this.repository = requireNonNull(repository, "repository is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Creates the registry's tables if needed, reads them, and repairs what a stop during a load
   * left behind: first loads still marked LOADING are forgotten, unfinished batches and their
   * tables become FAILED with {@value #INTERRUPTED_MESSAGE}.
   */
  public synchronized Recovery open() {
    repository.initialize();
    RegistrySnapshot snapshot = repository.load();
    snapshot.tables().forEach(t -> tables.put(key(t.name()), t));
    snapshot.dependencies().forEach(d -> dependencies.computeIfAbsent(key(d.tableName()), k -> new ArrayList<>()).add(d));
    snapshot.kafkaOffsets().forEach(o -> offsets.computeIfAbsent(key(o.tableName()), k -> new ArrayList<>()).add(o));
    snapshot.batches().forEach(b -> batches.put(b.batchId(), b));
    snapshot.batchTables().stream()
        .sorted(Comparator.comparingInt(BatchTableEntry::statementIndex))
        .forEach(e -> batchTables.computeIfAbsent(e.batchId(), k -> new LinkedHashMap<>()).put(key(e.tableName()), e));
    lastBatchId.set(batches.keySet().stream().mapToLong(Long::longValue).max().orElse(0));

    Instant now = clock.instant();
    RegistryChange change = new RegistryChange();
    List<String> forgotten = new ArrayList<>();
    for (TableEntry table : tables.values()) {
      if (table.status() == TableStatus.LOADING) {
        change.deleteTable(table.name());
        forgotten.add(table.name());
      }
    }
    List<Long> interrupted = new ArrayList<>();
    for (BatchEntry batch : batches.values()) {
      if (batch.status().isFinal()) {
        continue;
      }
      interrupted.add(batch.batchId());
      Map<String, BatchTableEntry> entries = batchTables.getOrDefault(batch.batchId(), Map.of());
      int ok = 0;
      int bad = 0;
      int skipped = 0;
      for (BatchTableEntry entry : entries.values()) {
        if (entry.status().isFinal()) {
          ok += entry.status() == BatchTableStatus.SUCCEEDED ? 1 : 0;
          bad += entry.status() == BatchTableStatus.FAILED ? 1 : 0;
          skipped += entry.status() == BatchTableStatus.SKIPPED ? 1 : 0;
        } else {
          bad++;
          change.updateBatchTable(entry.finished(BatchTableStatus.FAILED, 0, now, INTERRUPTED_MESSAGE, null));
        }
      }
      change.updateBatch(batch.finish(BatchStatus.FAILED, now, ok, bad, skipped,
          "batch " + batch.batchId() + " was " + INTERRUPTED_MESSAGE + "; tables it had loaded are kept, the others"
              + " were not loaded: submit them again"));
    }
    write(change);
    return new Recovery(interrupted, forgotten);
  }

  /** What {@link #open()} repaired. */
  public record Recovery(List<Long> interruptedBatches, List<String> forgottenTables) {
  }

  /** Runs {@code work} while no other batch is planned or registered, so checks and reservations are atomic. */
  public <T> T underPlanningLock(Supplier<T> work) {
    planningLock.lock();
    try {
      return work.get();
    } finally {
      planningLock.unlock();
    }
  }

  public long nextBatchId() {
    return lastBatchId.incrementAndGet();
  }

  public synchronized Optional<TableEntry> table(String name) {
    return Optional.ofNullable(tables.get(key(name)));
  }

  public synchronized int tableCount() {
    return tables.size();
  }

  /** The physical table holding the rows of an ACTIVE table. */
  public synchronized Optional<String> physicalName(String name) {
    TableEntry entry = tables.get(key(name));
    return entry == null || entry.status() != TableStatus.ACTIVE ? Optional.empty() : Optional.of(entry.physicalName());
  }

  public synchronized List<TableEntry> tables() {
    return List.copyOf(tables.values());
  }

  public synchronized List<String> activeTableNames() {
    return tables.values().stream().filter(t -> t.status() == TableStatus.ACTIVE).map(TableEntry::name).toList();
  }

  public synchronized List<DependencyEdge> dependencies() {
    return dependencies.values().stream().flatMap(Collection::stream).toList();
  }

  public synchronized List<KafkaOffsetEntry> kafkaOffsets() {
    return offsets.values().stream().flatMap(Collection::stream).toList();
  }

  public synchronized List<BatchEntry> batches() {
    return List.copyOf(batches.values());
  }

  public synchronized Optional<BatchEntry> batch(long batchId) {
    return Optional.ofNullable(batches.get(batchId));
  }

  public synchronized List<BatchTableEntry> batchTables() {
    return batchTables.values().stream().flatMap(m -> m.values().stream()).map(this::withLiveRows).toList();
  }

  public synchronized List<BatchTableEntry> batchTables(long batchId) {
    return batchTables.getOrDefault(batchId, Map.of()).values().stream().map(this::withLiveRows).toList();
  }

  /** The tables of running batches with their live row counts. */
  public synchronized List<LiveProgress> progress() {
    Instant now = clock.instant();
    List<LiveProgress> rows = new ArrayList<>();
    for (BatchEntry batch : batches.values()) {
      if (batch.status().isFinal()) {
        continue;
      }
      for (BatchTableEntry entry : batchTables.getOrDefault(batch.batchId(), Map.of()).values()) {
        BatchTableEntry live = withLiveRows(entry);
        long elapsed = live.startedAt() == null ? 0
            : (live.finishedAt() == null ? now : live.finishedAt()).toEpochMilli() - live.startedAt().toEpochMilli();
        rows.add(new LiveProgress(live.batchId(), live.tableName(), live.status(), live.rowsLoaded(),
            live.rowsExpected(), elapsed));
      }
    }
    return rows;
  }

  /** Physical tables the registry points to; anything else with a Tablewave physical name is garbage. */
  public synchronized Set<String> referencedPhysicalNames() {
    Set<String> names = new LinkedHashSet<>();
    tables.values().forEach(t -> names.add(t.physicalName()));
    return names;
  }

  /** Completes with true when the first load of {@code name} succeeds, false when it does not. */
  public synchronized CompletableFuture<Boolean> firstLoad(String name) {
    TableEntry entry = tables.get(key(name));
    if (entry != null && entry.status() == TableStatus.ACTIVE) {
      return CompletableFuture.completedFuture(true);
    }
    return firstLoads.computeIfAbsent(key(name), k -> new CompletableFuture<>());
  }

  /** Records a planned batch, its tables, and the first loads it reserves names for. */
  public synchronized void registerBatch(BatchEntry batch, List<BatchTableEntry> entries, List<TableEntry> reserved) {
    RegistryChange change = new RegistryChange().insertBatch(batch);
    entries.forEach(change::insertBatchTable);
    reserved.forEach(change::insertTable);
    write(change);
    reserved.forEach(t -> firstLoads.computeIfAbsent(key(t.name()), k -> new CompletableFuture<>()));
  }

  public synchronized void batchStarted(long batchId) {
    BatchEntry batch = requireBatch(batchId);
    BatchEntry running = new BatchEntry(batch.batchId(), BatchStatus.RUNNING, batch.submittedAt(), null,
        batch.tableCount(), 0, 0, 0, batch.waveCount(), batch.parallelism(), batch.userName(), null);
    writeLater(new RegistryChange().updateBatch(running));
  }

  public synchronized void tableStarted(long batchId, String table, Long rowsExpected) {
    BatchTableEntry entry = requireBatchTable(batchId, table).started(clock.instant()).withExpected(rowsExpected);
    writeLater(new RegistryChange().updateBatchTable(entry));
    liveRows.put(progressKey(batchId, table), new AtomicLong());
  }

  /** Records how many rows a running load will read, once its source tells. */
  public synchronized void expectRows(long batchId, String table, long rows) {
    writeLater(new RegistryChange().updateBatchTable(requireBatchTable(batchId, table).withExpected(rows)));
  }

  /** Live row count of a loading table; kept in memory only. */
  public void progress(long batchId, String table, long rowsLoaded) {
    AtomicLong rows;
    synchronized (this) {
      rows = liveRows.get(progressKey(batchId, table));
    }
    if (rows != null) {
      rows.set(rowsLoaded);
    }
  }

  /**
   * Swaps a loaded table in: from this transaction on, readers see the new physical table.
   *
   * @return the physical table that held the previous data and may now be dropped, if any
   */
  public synchronized Optional<String> tableLoaded(long batchId, String table, LoadedTable loaded) {
    Instant now = clock.instant();
    BatchTableEntry entry = requireBatchTable(batchId, table);
    TableEntry previous = tables.get(key(table));
    String name = previous == null ? entry.tableName() : previous.name();
    Instant createdAt = previous == null || previous.status() == TableStatus.LOADING ? now : previous.createdAt();
    TableEntry active = new TableEntry(name, loaded.physicalName(), TableStatus.ACTIVE,
        loaded.issues() == null ? Health.HEALTHY : Health.DEGRADED, loaded.issues(), loaded.rowCount(),
        loaded.sqlText(), loaded.propertiesJson(), batchId, loaded.wave(), createdAt, now, loaded.loadMillis(),
        loaded.badRecords(), null);
    RegistryChange change = previous == null ? new RegistryChange().insertTable(active)
        : new RegistryChange().updateTable(active);
    change.replaceDependencies(name, loaded.dependencies())
        .updateBatchTable(entry.finished(BatchTableStatus.SUCCEEDED, loaded.rowCount(), now, null, null));
    if (!loaded.kafkaOffsets().isEmpty() || offsets.containsKey(key(name))) {
      change.replaceOffsets(name, loaded.kafkaOffsets());
    }
    write(change);
    liveRows.remove(progressKey(batchId, table));
    completeFirstLoad(name, true);
    return previous == null || previous.physicalName().equals(loaded.physicalName())
        || previous.status() == TableStatus.LOADING ? Optional.empty() : Optional.of(previous.physicalName());
  }

  /** IF NOT EXISTS on an existing table: nothing is loaded and the table stays as it is. */
  public synchronized void tableKept(long batchId, String table) {
    BatchTableEntry entry = requireBatchTable(batchId, table);
    Instant now = clock.instant();
    BatchTableEntry kept = new BatchTableEntry(batchId, entry.tableName(), entry.statementIndex(), entry.wave(),
        BatchTableStatus.SUCCEEDED, 0, entry.rowsExpected(), now, now, null, null, entry.attempts());
    write(new RegistryChange().updateBatchTable(kept));
  }

  /**
   * Records a table of a batch that ends without data: FAILED, SKIPPED or CANCELLED. A first
   * load is forgotten; a reload keeps the old data and, when it failed, degrades the table.
   */
  public synchronized void tableNotLoaded(long batchId, String table, BatchTableStatus status, String error,
      String skippedBecause) {
    Instant now = clock.instant();
    BatchTableEntry entry = requireBatchTable(batchId, table);
    RegistryChange change = new RegistryChange()
        .updateBatchTable(entry.finished(status, 0, now, error, skippedBecause));
    TableEntry existing = tables.get(key(table));
    boolean firstLoad = existing != null && existing.status() == TableStatus.LOADING && existing.batchId() == batchId;
    if (firstLoad) {
      change.deleteTable(existing.name());
    } else if (existing != null && status == BatchTableStatus.FAILED) {
      change.updateTable(existing.withReloadFailure(error, now));
    }
    write(change);
    liveRows.remove(progressKey(batchId, table));
    if (firstLoad) {
      completeFirstLoad(existing.name(), false);
    }
  }

  /** Ends a batch; its counts come from its tables. */
  public synchronized BatchEntry batchFinished(long batchId, BatchStatus status, String error) {
    BatchEntry batch = requireBatch(batchId);
    Collection<BatchTableEntry> entries = batchTables.getOrDefault(batchId, Map.of()).values();
    int ok = (int) entries.stream().filter(e -> e.status() == BatchTableStatus.SUCCEEDED).count();
    int bad = (int) entries.stream().filter(e -> e.status() == BatchTableStatus.FAILED).count();
    int skipped = (int) entries.stream().filter(e -> e.status() == BatchTableStatus.SKIPPED).count();
    BatchEntry finished = batch.finish(status, clock.instant(), ok, bad, skipped, error);
    write(new RegistryChange().updateBatch(finished));
    return finished;
  }

  /**
   * Removes a table, and with {@code cascade} every table that depends on it, directly or not.
   *
   * @return the physical tables to drop from the store
   */
  public synchronized List<String> drop(String name, boolean cascade) {
    TableEntry entry = tables.get(key(name));
    if (entry == null) {
      throw new TablewaveException(ErrorCode.TABLE_NOT_FOUND,
          "cannot drop table " + name + ": it does not exist (use DROP TABLE IF EXISTS to ignore this)");
    }
    List<TableEntry> doomed = new ArrayList<>();
    Deque<TableEntry> work = new ArrayDeque<>(List.of(entry));
    Set<String> seen = new LinkedHashSet<>();
    while (!work.isEmpty()) {
      TableEntry current = work.pop();
      if (!seen.add(key(current.name()))) {
        continue;
      }
      if (current.status() == TableStatus.LOADING) {
        throw new TablewaveException(ErrorCode.TABLE_BUSY, "cannot drop table " + current.name()
            + ": its first load is running in batch " + current.batchId() + "; wait for it or cancel the batch");
      }
      doomed.add(current);
      List<String> dependents = dependentsOf(current.name());
      if (!dependents.isEmpty() && !cascade) {
        throw new TablewaveException(ErrorCode.DEPENDENT_TABLES_EXIST, "cannot drop table " + current.name()
            + ": tables " + String.join(", ", dependents) + " depend on it; drop them first or use DROP TABLE "
            + current.name() + " CASCADE");
      }
      dependents.forEach(d -> work.push(tables.get(key(d))));
    }
    RegistryChange change = new RegistryChange();
    doomed.forEach(t -> change.deleteTable(t.name()));
    write(change);
    return doomed.stream().map(TableEntry::physicalName).toList();
  }

  /** Names of the tables that read {@code name}. */
  public synchronized List<String> dependentsOf(String name) {
    return dependencies.values().stream().flatMap(Collection::stream)
        .filter(d -> d.kind() == DependencyKind.TABLE && key(d.dependsOn()).equals(key(name)))
        .map(DependencyEdge::tableName)
        .filter(t -> tables.containsKey(key(t)))
        .distinct().sorted().toList();
  }

  /** Writes what batch progress is not written yet; the server calls it before it stops. */
  public synchronized void flush() {
    if (unwritten != null) {
      repository.apply(unwritten);
      unwritten = null;
    }
  }

  private void write(RegistryChange change) {
    repository.apply(unwritten == null ? change : change.after(unwritten));
    unwritten = null;
    applyInMemory(change);
  }

  private void writeLater(RegistryChange progress) {
    unwritten = unwritten == null ? progress : progress.after(unwritten);
    applyInMemory(progress);
  }

  private void applyInMemory(RegistryChange change) {
    for (String name : change.deletedTables()) {
      tables.remove(key(name));
      dependencies.remove(key(name));
      offsets.remove(key(name));
    }
    change.tables().forEach(t -> tables.put(key(t.row().name()), t.row()));
    change.replacedDependencies().forEach((t, edges) -> dependencies.put(key(t), new ArrayList<>(edges)));
    change.replacedOffsets().forEach((t, list) -> offsets.put(key(t), new ArrayList<>(list)));
    change.batches().forEach(b -> batches.put(b.row().batchId(), b.row()));
    change.batchTables().forEach(written -> {
      BatchTableEntry e = written.row();
      batchTables.computeIfAbsent(e.batchId(), k -> new LinkedHashMap<>()).put(key(e.tableName()), e);
    });
  }

  private void completeFirstLoad(String name, boolean loaded) {
    CompletableFuture<Boolean> future = firstLoads.remove(key(name));
    if (future != null) {
      future.complete(loaded);
    }
  }

  private BatchTableEntry withLiveRows(BatchTableEntry entry) {
    AtomicLong rows = entry.status() == BatchTableStatus.LOADING
        ? liveRows.get(progressKey(entry.batchId(), entry.tableName())) : null;
    if (rows == null) {
      return entry;
    }
    return new BatchTableEntry(entry.batchId(), entry.tableName(), entry.statementIndex(), entry.wave(),
        entry.status(), rows.get(), entry.rowsExpected(), entry.startedAt(), entry.finishedAt(),
        entry.errorMessage(), entry.skippedBecause(), entry.attempts());
  }

  private BatchEntry requireBatch(long batchId) {
    BatchEntry batch = batches.get(batchId);
    if (batch == null) {
      throw new TablewaveException(ErrorCode.INTERNAL_ERROR, "batch " + batchId + " is not registered");
    }
    return batch;
  }

  private BatchTableEntry requireBatchTable(long batchId, String table) {
    BatchTableEntry entry = batchTables.getOrDefault(batchId, Map.of()).get(key(table));
    if (entry == null) {
      throw new TablewaveException(ErrorCode.INTERNAL_ERROR, "table " + table + " is not part of batch " + batchId);
    }
    return entry;
  }

  private static String progressKey(long batchId, String table) {
    return batchId + "/" + key(table);
  }

  private static String key(String name) {
    return name.toUpperCase(Locale.ROOT);
  }
}
