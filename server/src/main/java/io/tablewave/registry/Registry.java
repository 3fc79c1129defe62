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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;

import static java.util.Objects.requireNonNull;

/**
 * What the server knows about tables, dependencies and batches. The state lives in memory for
 * fast reads and is written through to the store before memory changes; a failed write leaves
 * both as they were.
 *
 * <p>Reads never wait for the store: the lock that guards memory is let go while a transition is
 * written. Transitions that arrive while one is being written wait and then go to the store
 * together, in the order they came, in one transaction (a group commit): when many tables finish
 * at once, they share a commit instead of queueing for one each. A transition waits first for
 * any unwritten one that touches the same table or batch, so each is computed from the state it
 * changes.
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

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition written = lock.newCondition();
  /** Transitions waiting for the store, in order; guarded by {@link #lock}. */
  private final List<PendingWrite> waiting = new ArrayList<>();
  /** The transitions being written now; guarded by {@link #lock}. */
  private List<PendingWrite> writing = List.of();
  /** Progress applied to memory and not written yet; guarded by {@link #lock}. */
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
  public Recovery open() {
    return locked(this::openLocked);
  }

  private Recovery openLocked() {
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
          ok += entry.status() == BatchTableStatus.SUCCEEDED || entry.status() == BatchTableStatus.UP_TO_DATE ? 1 : 0;
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

  public Optional<TableEntry> table(String name) {
    return locked(() -> Optional.ofNullable(tables.get(key(name))));
  }

  public int tableCount() {
    return locked(() -> tables.size());
  }

  /** The physical table holding the rows of an ACTIVE table. */
  public Optional<String> physicalName(String name) {
    lock.lock();
    try {
      TableEntry entry = tables.get(key(name));
      return entry == null || entry.status() != TableStatus.ACTIVE ? Optional.empty() : Optional.of(entry.physicalName());
    } finally {
      lock.unlock();
    }
  }

  public List<TableEntry> tables() {
    return locked(() -> List.copyOf(tables.values()));
  }

  public List<String> activeTableNames() {
    return locked(() -> tables.values().stream().filter(t -> t.status() == TableStatus.ACTIVE)
        .map(TableEntry::name).toList());
  }

  public List<DependencyEdge> dependencies() {
    return locked(() -> dependencies.values().stream().flatMap(Collection::stream).toList());
  }

  public List<KafkaOffsetEntry> kafkaOffsets() {
    return locked(() -> offsets.values().stream().flatMap(Collection::stream).toList());
  }

  public List<BatchEntry> batches() {
    return locked(() -> List.copyOf(batches.values()));
  }

  public Optional<BatchEntry> batch(long batchId) {
    return locked(() -> Optional.ofNullable(batches.get(batchId)));
  }

  public List<BatchTableEntry> batchTables() {
    return locked(() -> batchTables.values().stream().flatMap(m -> m.values().stream()).map(this::withLiveRows)
        .toList());
  }

  public List<BatchTableEntry> batchTables(long batchId) {
    return locked(() -> batchTables.getOrDefault(batchId, Map.of()).values().stream().map(this::withLiveRows).toList());
  }

  /** The tables of running batches with their live row counts. */
  public List<LiveProgress> progress() {
    lock.lock();
    try {
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
    } finally {
      lock.unlock();
    }
  }

  /** Physical tables the registry points to; anything else with a Tablewave physical name is garbage. */
  public Set<String> referencedPhysicalNames() {
    lock.lock();
    try {
      Set<String> names = new LinkedHashSet<>();
      tables.values().forEach(t -> names.add(t.physicalName()));
      return names;
    } finally {
      lock.unlock();
    }
  }

  /** Completes with true when the first load of {@code name} succeeds, false when it does not. */
  public CompletableFuture<Boolean> firstLoad(String name) {
    lock.lock();
    try {
      TableEntry entry = tables.get(key(name));
      if (entry != null && entry.status() == TableStatus.ACTIVE) {
        return CompletableFuture.completedFuture(true);
      }
      return firstLoads.computeIfAbsent(key(name), k -> new CompletableFuture<>());
    } finally {
      lock.unlock();
    }
  }

  /** Records a planned batch, its tables, and the first loads it reserves names for. */
  public void registerBatch(BatchEntry batch, List<BatchTableEntry> entries, List<TableEntry> reserved) {
    RegistryChange change = new RegistryChange().insertBatch(batch);
    entries.forEach(change::insertBatchTable);
    reserved.forEach(change::insertTable);
    lock.lock();
    try {
      awaitWritten(change.keys()::contains);
      write(change);
      reserved.forEach(t -> firstLoads.computeIfAbsent(key(t.name()), k -> new CompletableFuture<>()));
    } finally {
      lock.unlock();
    }
  }

  public void batchStarted(long batchId) {
    lock.lock();
    try {
      BatchEntry batch = requireBatch(batchId);
      BatchEntry running = new BatchEntry(batch.batchId(), BatchStatus.RUNNING, batch.submittedAt(), null,
          batch.tableCount(), 0, 0, 0, batch.waveCount(), batch.parallelism(), batch.userName(), null);
      writeLater(new RegistryChange().updateBatch(running));
    } finally {
      lock.unlock();
    }
  }

  public void tableStarted(long batchId, String table, Long rowsExpected) {
    lock.lock();
    try {
      BatchTableEntry entry = requireBatchTable(batchId, table).started(clock.instant()).withExpected(rowsExpected);
      writeLater(new RegistryChange().updateBatchTable(entry));
      liveRows.put(progressKey(batchId, table), new AtomicLong());
    } finally {
      lock.unlock();
    }
  }

  /** Records how many rows a running load will read, once its source tells. */
  public void expectRows(long batchId, String table, long rows) {
    lock.lock();
    try {
      writeLater(new RegistryChange().updateBatchTable(requireBatchTable(batchId, table).withExpected(rows)));
    } finally {
      lock.unlock();
    }
  }

  /** Live row count of a loading table; kept in memory only. */
  public void progress(long batchId, String table, long rowsLoaded) {
    AtomicLong rows;
    lock.lock();
    try {
      rows = liveRows.get(progressKey(batchId, table));
    } finally {
      lock.unlock();
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
  public Optional<String> tableLoaded(long batchId, String table, LoadedTable loaded) {
    lock.lock();
    try {
      awaitWritten(Set.of(RegistryChange.tableKey(table), RegistryChange.batchTableKey(batchId, table))::contains);
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
    } finally {
      lock.unlock();
    }
  }

  /**
   * ALTER TABLE ... SET: the table's properties become {@code propertiesJson}; its data, statement
   * and load state stay as they are.
   *
   * @return the table as it is now
   */
  public TableEntry propertiesSet(String table, String propertiesJson) {
    lock.lock();
    try {
      awaitWritten(RegistryChange.tableKey(table)::equals);
      TableEntry entry = tables.get(key(table));
      if (entry == null) {
        throw new TablewaveException(ErrorCode.TABLE_NOT_FOUND,
            "cannot alter table " + table + ": it does not exist (see SYS.TABLES)");
      }
      if (entry.status() == TableStatus.LOADING) {
        throw new TablewaveException(ErrorCode.TABLE_BUSY, "cannot alter table " + entry.name()
            + ": its first load is running in batch " + entry.batchId() + "; wait for it or cancel the batch");
      }
      TableEntry changed = new TableEntry(entry.name(), entry.physicalName(), entry.status(), entry.health(),
          entry.issues(), entry.rowCount(), entry.sqlText(), propertiesJson, entry.batchId(), entry.wave(),
          entry.createdAt(), clock.instant(), entry.loadMillis(), entry.badRecords(), entry.lastError());
      write(new RegistryChange().updateTable(changed));
      return changed;
    } finally {
      lock.unlock();
    }
  }

  /** A table whose statement and inputs did not change since its last load: nothing is read or written. */
  public void tableUpToDate(long batchId, String table) {
    lock.lock();
    try {
      awaitWritten(RegistryChange.batchTableKey(batchId, table)::equals);
      BatchTableEntry entry = requireBatchTable(batchId, table);
      Instant now = clock.instant();
      BatchTableEntry upToDate = new BatchTableEntry(batchId, entry.tableName(), entry.statementIndex(), entry.wave(),
          BatchTableStatus.UP_TO_DATE, 0, 0L, entry.startedAt() == null ? now : entry.startedAt(), now, null, null,
          entry.attempts());
      write(new RegistryChange().updateBatchTable(upToDate));
      liveRows.remove(progressKey(batchId, table));
    } finally {
      lock.unlock();
    }
  }

  /** IF NOT EXISTS on an existing table: nothing is loaded and the table stays as it is. */
  public void tableKept(long batchId, String table) {
    lock.lock();
    try {
      awaitWritten(RegistryChange.batchTableKey(batchId, table)::equals);
      BatchTableEntry entry = requireBatchTable(batchId, table);
      Instant now = clock.instant();
      BatchTableEntry kept = new BatchTableEntry(batchId, entry.tableName(), entry.statementIndex(), entry.wave(),
          BatchTableStatus.SUCCEEDED, 0, entry.rowsExpected(), now, now, null, null, entry.attempts());
      write(new RegistryChange().updateBatchTable(kept));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Records a table of a batch that ends without data: FAILED, SKIPPED or CANCELLED. A first
   * load is forgotten; a reload keeps the old data and, when it failed, degrades the table.
   */
  public void tableNotLoaded(long batchId, String table, BatchTableStatus status, String error,
      String skippedBecause) {
    lock.lock();
    try {
      awaitWritten(Set.of(RegistryChange.tableKey(table), RegistryChange.batchTableKey(batchId, table))::contains);
      Instant now = clock.instant();
      BatchTableEntry entry = requireBatchTable(batchId, table);
      RegistryChange change = new RegistryChange()
          .updateBatchTable(entry.finished(status, 0, now, error, skippedBecause));
      TableEntry existing = tables.get(key(table));
      boolean firstLoad = existing != null && existing.status() == TableStatus.LOADING
          && existing.batchId() == batchId;
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
    } finally {
      lock.unlock();
    }
  }

  /** Ends a batch; its counts come from its tables. */
  public BatchEntry batchFinished(long batchId, BatchStatus status, String error) {
    lock.lock();
    try {
      String batchKey = RegistryChange.batchKey(batchId);
      String tableKeysOfBatch = RegistryChange.batchTableKey(batchId, "");
      awaitWritten(k -> k.equals(batchKey) || k.startsWith(tableKeysOfBatch));
      BatchEntry entry = requireBatch(batchId);
      Collection<BatchTableEntry> entries = batchTables.getOrDefault(batchId, Map.of()).values();
      int ok = (int) entries.stream()
          .filter(e -> e.status() == BatchTableStatus.SUCCEEDED || e.status() == BatchTableStatus.UP_TO_DATE).count();
      int bad = (int) entries.stream().filter(e -> e.status() == BatchTableStatus.FAILED).count();
      int skipped = (int) entries.stream().filter(e -> e.status() == BatchTableStatus.SKIPPED).count();
      BatchEntry finished = entry.finish(status, clock.instant(), ok, bad, skipped, error);
      write(new RegistryChange().updateBatch(finished));
      return finished;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes a table, and with {@code cascade} every table that depends on it, directly or not.
   *
   * @return the physical tables to drop from the store
   */
  public List<String> drop(String name, boolean cascade) {
    lock.lock();
    try {
      while (true) {
        List<TableEntry> doomed = doomed(name, cascade);
        RegistryChange change = new RegistryChange();
        doomed.forEach(t -> change.deleteTable(t.name()));
        if (!isWaitingOrWriting(change.keys()::contains)) {
          write(change);
          return doomed.stream().map(TableEntry::physicalName).toList();
        }
        written.awaitUninterruptibly();
      }
    } finally {
      lock.unlock();
    }
  }

  private List<TableEntry> doomed(String name, boolean cascade) {
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
    return doomed;
  }

  /** Names of the tables that read {@code name}. */
  public List<String> dependentsOf(String name) {
    return locked(() -> dependencies.values().stream().flatMap(Collection::stream)
        .filter(d -> d.kind() == DependencyKind.TABLE && key(d.dependsOn()).equals(key(name)))
        .map(DependencyEdge::tableName)
        .filter(t -> tables.containsKey(key(t)))
        .distinct().sorted().toList());
  }

  /** Writes what batch progress is not written yet; the server calls it before it stops. */
  public void flush() {
    lock.lock();
    try {
      awaitWritten(k -> true);
      if (unwritten != null) {
        write(new RegistryChange());
      }
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code reading} on the state in memory; never waits for the store. */
  private <T> T locked(Supplier<T> reading) {
    lock.lock();
    try {
      return reading.get();
    } finally {
      lock.unlock();
    }
  }

  /** A transition waiting for the store, or being written. Guarded by {@link #lock}. */
  private static final class PendingWrite {
    final RegistryChange change;
    final Set<String> keys;
    boolean finished;
    RuntimeException failure;

    PendingWrite(RegistryChange change) {
      this.change = change;
      this.keys = change.keys();
    }
  }

  /** Waits, letting go of the lock, until no transition waiting or being written touches a key {@code touches}. */
  private void awaitWritten(Predicate<String> touches) {
    while (isWaitingOrWriting(touches)) {
      written.awaitUninterruptibly();
    }
  }

  private boolean isWaitingOrWriting(Predicate<String> touches) {
    for (List<PendingWrite> writes : List.of(waiting, writing)) {
      for (PendingWrite write : writes) {
        if (write.keys.stream().anyMatch(touches)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Writes {@code change}, and applies it to memory once it is in the store; the caller holds the lock. The
   * first caller to find no write going on writes every transition waiting, with the unwritten progress in
   * front, in one transaction; the others wait for it.
   */
  private void write(RegistryChange change) {
    PendingWrite mine = new PendingWrite(change);
    waiting.add(mine);
    while (!mine.finished) {
      if (writing.isEmpty()) {
        writeWaiting();
      } else {
        written.awaitUninterruptibly();
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  private void writeWaiting() {
    List<PendingWrite> group = List.copyOf(waiting);
    waiting.clear();
    writing = group;
    RegistryChange progress = unwritten;
    unwritten = null;
    List<RegistryChange> changes = new ArrayList<>();
    if (progress != null) {
      changes.add(progress);
    }
    group.forEach(write -> changes.add(write.change));
    RuntimeException failure = storeUnlocked(changes);
    if (failure == null) {
      group.forEach(this::finish);
    } else {
      unwritten = unwritten == null ? progress : (progress == null ? unwritten : unwritten.after(progress));
      if (group.size() == 1) {
        group.get(0).failure = failure;
        group.get(0).finished = true;
      } else {
        // One transition's failure must not fail the others it was grouped with: each goes on its own.
        for (PendingWrite write : group) {
          write.failure = storeUnlocked(List.of(write.change));
          if (write.failure == null) {
            finish(write);
          } else {
            write.finished = true;
          }
        }
      }
    }
    writing = List.of();
    written.signalAll();
  }

  /** Writes {@code changes} in one transaction with the lock let go, so that readers go on meanwhile. */
  private RuntimeException storeUnlocked(List<RegistryChange> changes) {
    lock.unlock();
    try {
      repository.apply(changes);
      return null;
    } catch (RuntimeException e) {
      return e;
    } finally {
      lock.lock();
    }
  }

  private void finish(PendingWrite write) {
    applyInMemory(write.change);
    write.finished = true;
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
