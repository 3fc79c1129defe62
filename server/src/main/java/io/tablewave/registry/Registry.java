package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * What the server knows about tables, dependencies and batches, and the rules of its transitions.
 * Each transition is computed here from the read model ({@link RegistryState}), written to the
 * store by the {@link GroupCommitWriter} and applied to memory once it is there; a failed write
 * leaves both as they were. Reads answer from memory and never wait for the store. The locking rule
 * is {@link RegistryLock}'s.
 */
public final class Registry {
  public static final String INTERRUPTED_MESSAGE = "interrupted by server restart";

  /**
   * How long batch progress waits before it is written on its own: a batch shorter than this writes
   * its registration with its first table's swap, and its end with the next change.
   */
  private static final Duration PROGRESS_LINGER = Duration.ofMillis(50);

  private final RegistryRepository repository;
  private final Clock clock;
  private final RegistryLock lock = new RegistryLock();
  private final PlanningLock planningLock = new PlanningLock();
  private final RegistryState state = new RegistryState();
  private final GroupCommitWriter writer;
  private final BackgroundWrites background;
  private final LiveRows liveRows = new LiveRows();
  private final FirstLoads firstLoads = new FirstLoads();
  private final AtomicLong lastBatchId = new AtomicLong();

  public Registry(RegistryRepository repository, Clock clock) {
    this(repository, clock, PROGRESS_LINGER);
  }

  /**
   * @param progressLinger how long batch progress waits before it is written on its own
   */
  Registry(RegistryRepository repository, Clock clock, Duration progressLinger) {
    this.repository = requireNonNull(repository, "repository is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.writer = new GroupCommitWriter(repository, lock, state);
    this.background =
        new BackgroundWrites(() -> lock.changing(writer::writeUnwritten), progressLinger);
  }

  /**
   * Creates the registry's tables if needed, reads them, and repairs what a stop during a load left
   * behind ({@link StartupRepair}).
   */
  public Recovery open() {
    return lock.changing(
        () -> {
          repository.initialize();
          state.load(repository.load());
          lastBatchId.set(state.lastBatchId());
          StartupRepair.Repair repair = StartupRepair.of(state, clock.instant());
          writer.write(repair.change());
          return repair.recovery();
        });
  }

  /** What {@link #open()} repaired. */
  public record Recovery(List<Long> interruptedBatches, List<String> forgottenTables) {}

  /**
   * Runs {@code work} while no other batch is planned or registered, so checks and reservations are
   * atomic.
   */
  public <T> T underPlanningLock(Supplier<T> work) {
    return planningLock.under(work);
  }

  public long nextBatchId() {
    return lastBatchId.incrementAndGet();
  }

  public Optional<TableEntry> table(String name) {
    return lock.reading(() -> Optional.ofNullable(state.table(name)));
  }

  /**
   * A number that changes whenever a table is added, changed (loaded again, its status or
   * properties) or removed: what a query resolved at one number it resolves the same at that
   * number.
   */
  public long tablesVersion() {
    return lock.reading(state::tablesVersion);
  }

  public int tableCount() {
    return lock.reading(() -> state.tables().size());
  }

  /** The physical table holding the rows of an ACTIVE table. */
  public Optional<String> physicalName(String name) {
    return lock.reading(
        () -> {
          TableEntry entry = state.table(name);
          return entry == null || entry.status() != TableStatus.ACTIVE
              ? Optional.empty()
              : Optional.of(entry.physicalName());
        });
  }

  public List<TableEntry> tables() {
    return lock.reading(() -> List.copyOf(state.tables()));
  }

  public List<String> activeTableNames() {
    return lock.reading(
        () ->
            state.tables().stream()
                .filter(t -> t.status() == TableStatus.ACTIVE)
                .map(TableEntry::name)
                .toList());
  }

  public List<DependencyEdge> dependencies() {
    return lock.reading(state::dependencies);
  }

  /** Names of the tables that read {@code name}. */
  public List<String> dependentsOf(String name) {
    return lock.reading(() -> state.dependentsOf(name));
  }

  public List<KafkaOffsetEntry> kafkaOffsets() {
    return lock.reading(state::kafkaOffsets);
  }

  public List<BatchEntry> batches() {
    return lock.reading(() -> List.copyOf(state.batches()));
  }

  public Optional<BatchEntry> batch(long batchId) {
    return lock.reading(() -> Optional.ofNullable(state.batch(batchId)));
  }

  /** Every table of every batch, with live row counts while they load. */
  public List<BatchTableEntry> batchTables() {
    return lock.reading(() -> state.batchTables().stream().map(liveRows::withLiveRows).toList());
  }

  /** The table's row in the batch, with its live row count while it loads. */
  public Optional<BatchTableEntry> batchTable(long batchId, String table) {
    return lock.reading(() -> state.batchTable(batchId, table).map(liveRows::withLiveRows));
  }

  public List<BatchTableEntry> batchTables(long batchId) {
    return lock.reading(
        () -> state.batchTables(batchId).stream().map(liveRows::withLiveRows).toList());
  }

  /** The tables of running batches with their live row counts. */
  public List<LiveProgress> liveProgress() {
    return lock.reading(
        () -> {
          Instant now = clock.instant();
          List<LiveProgress> rows = new ArrayList<>();
          for (BatchEntry batch : state.batches()) {
            if (!batch.status().isFinal()) {
              state
                  .batchTables(batch.batchId())
                  .forEach(entry -> rows.add(liveRows.progress(entry, now)));
            }
          }
          return rows;
        });
  }

  /**
   * Physical tables the registry points to; anything else with a Tablewave physical name is
   * garbage.
   */
  public Set<String> referencedPhysicalNames() {
    return lock.reading(
        () -> {
          Set<String> names = new LinkedHashSet<>();
          state.tables().forEach(t -> names.add(t.physicalName()));
          return names;
        });
  }

  /** Completes with true when the first load of {@code name} succeeds, false when it does not. */
  public CompletableFuture<Boolean> firstLoad(String name) {
    return lock.changing(
        () -> {
          TableEntry entry = state.table(name);
          return firstLoads.await(name, entry != null && entry.status() == TableStatus.ACTIVE);
        });
  }

  /**
   * Records a planned batch, its tables, and the first loads it reserves names for. They are in
   * memory at once, and reach the store with the batch's start ({@link #batchStarted}), written in
   * the background, or with the batch's first transition that is written, whichever comes first;
   * never on the batch's path. A stop before leaves no trace of the batch but the tables it
   * created, which the next start drops as orphans.
   */
  public void registerBatch(
      BatchEntry batch, List<BatchTableEntry> entries, List<TableEntry> reserved) {
    RegistryChange change = new RegistryChange().insertBatch(batch);
    entries.forEach(change::insertBatchTable);
    reserved.forEach(change::insertTable);
    lock.changing(
        () -> {
          writer.awaitWritten(change.keys()::contains);
          writer.writeLater(change);
          reserved.forEach(t -> firstLoads.reserve(t.name()));
        });
  }

  /** Applies {@code progress} to memory now, and has it written in the background. */
  private void writeSoon(RegistryChange progress) {
    writer.writeLater(progress);
    background.request();
  }

  /** The batch runs: it is written in the background with its registration, as one row. */
  public void batchStarted(long batchId) {
    lock.changing(
        () -> {
          BatchEntry batch = state.requireBatch(batchId);
          BatchEntry running =
              new BatchEntry(
                  batch.batchId(),
                  BatchStatus.RUNNING,
                  batch.submittedAt(),
                  null,
                  batch.tableCount(),
                  0,
                  0,
                  0,
                  batch.waveCount(),
                  batch.parallelism(),
                  batch.userName(),
                  null);
          writeSoon(new RegistryChange().updateBatch(running));
        });
  }

  public void tableStarted(long batchId, String table, Long rowsExpected) {
    lock.changing(
        () -> {
          BatchTableEntry entry =
              state
                  .requireBatchTable(batchId, table)
                  .started(clock.instant())
                  .withExpected(rowsExpected);
          writer.writeLater(new RegistryChange().updateBatchTable(entry));
          liveRows.started(batchId, table);
        });
  }

  /** Records how many rows a running load will read, once its source tells. */
  public void expectRows(long batchId, String table, long rows) {
    lock.changing(
        () ->
            writer.writeLater(
                new RegistryChange()
                    .updateBatchTable(state.requireBatchTable(batchId, table).withExpected(rows))));
  }

  /**
   * Reports the live row count of a loading table; kept in memory only, and set without the lock.
   */
  public void rowsLoaded(long batchId, String table, long rowsLoaded) {
    liveRows.set(batchId, table, rowsLoaded);
  }

  /**
   * Swaps a loaded table in: from this transaction on, readers see the new physical table.
   *
   * @return the physical table that held the previous data and may now be dropped, if any
   */
  public Optional<String> tableLoaded(long batchId, String table, LoadedTable loaded) {
    return tableLoaded(batchId, table, loaded, null);
  }

  /**
   * Swaps a loaded table in as {@link #tableLoaded(long, String, LoadedTable)} does, with {@code
   * work} (what else the load records, such as the table's version) run on the store in the same
   * transaction.
   *
   * @param work store work to commit with the swap, or null
   */
  public Optional<String> tableLoaded(
      long batchId, String table, LoadedTable loaded, InSameTransaction work) {
    return lock.changing(
        () -> {
          writer.awaitWritten(
              Set.of(RegistryChange.tableKey(table), RegistryChange.batchTableKey(batchId, table))
                  ::contains);
          Instant now = clock.instant();
          BatchTableEntry entry = state.requireBatchTable(batchId, table);
          TableEntry previous = state.table(table);
          if (previous == null) {
            // A first load reserves its name when the batch is registered, so the table was
            // dropped while this batch reloaded it: it stays dropped.
            throw new TablewaveException(
                ErrorCode.TABLE_NOT_FOUND,
                "table "
                    + table
                    + " was dropped while batch "
                    + batchId
                    + " reloaded it; the reload is discarded");
          }
          String name = previous.name();
          Instant createdAt =
              previous == null || previous.status() == TableStatus.LOADING
                  ? now
                  : previous.createdAt();
          TableEntry active =
              new TableEntry(
                  name,
                  loaded.physicalName(),
                  TableStatus.ACTIVE,
                  loaded.issues() == null ? Health.HEALTHY : Health.DEGRADED,
                  loaded.issues(),
                  loaded.rowCount(),
                  loaded.sqlText(),
                  loaded.propertiesJson(),
                  batchId,
                  loaded.wave(),
                  createdAt,
                  now,
                  loaded.loadMillis(),
                  loaded.badRecords(),
                  null);
          RegistryChange change =
              previous == null
                  ? new RegistryChange().insertTable(active)
                  : new RegistryChange().updateTable(active);
          change
              .replaceDependencies(name, loaded.dependencies(), state.hasDependencies(name))
              .updateBatchTable(
                  entry.finished(BatchTableStatus.SUCCEEDED, loaded.rowCount(), now, null, null));
          if (!loaded.kafkaOffsets().isEmpty() || state.hasKafkaOffsets(name)) {
            change.replaceOffsets(name, loaded.kafkaOffsets(), state.hasKafkaOffsets(name));
          }
          writer.write(change, work);
          liveRows.ended(batchId, table);
          firstLoads.complete(name, true);
          return previous == null
                  || previous.physicalName().equals(loaded.physicalName())
                  || previous.status() == TableStatus.LOADING
              ? Optional.empty()
              : Optional.of(previous.physicalName());
        });
  }

  /**
   * Commits an incremental refresh: {@code appendRows} (which adds the new rows to the table's
   * physical table) runs in the store transaction that records the table's new row count, load id
   * and Kafka offsets, so a stop at any instant leaves either both or neither.
   *
   * @throws TablewaveException when the table is no longer the one the refresh read from (dropped
   *     or rebuilt meanwhile), or what the store work or write threw; nothing changed then
   */
  public void tableAppended(
      long batchId,
      String table,
      String physicalName,
      AppendedRows appended,
      InSameTransaction appendRows) {
    lock.changing(
        () -> {
          writer.awaitWritten(
              Set.of(RegistryChange.tableKey(table), RegistryChange.batchTableKey(batchId, table))
                  ::contains);
          Instant now = clock.instant();
          BatchTableEntry entry = state.requireBatchTable(batchId, table);
          TableEntry previous = state.table(table);
          if (previous == null
              || previous.status() != TableStatus.ACTIVE
              || !previous.physicalName().equals(physicalName)) {
            throw new TablewaveException(
                ErrorCode.TABLE_BUSY,
                "cannot append to table "
                    + table
                    + ": it was dropped or rebuilt while it was refreshed; refresh it again");
          }
          // A failed reload's issue ends with this refresh; those of the data it holds stay.
          String kept = previous.lastError() == null ? previous.issues() : null;
          String issues = appended.issues() != null ? appended.issues() : kept;
          TableEntry active =
              new TableEntry(
                  previous.name(),
                  physicalName,
                  TableStatus.ACTIVE,
                  issues == null ? Health.HEALTHY : Health.DEGRADED,
                  issues,
                  previous.rowCount() + appended.rowsAppended(),
                  previous.sqlText(),
                  previous.propertiesJson(),
                  batchId,
                  previous.wave(),
                  previous.createdAt(),
                  now,
                  appended.loadMillis(),
                  previous.badRecords() + appended.badRecords(),
                  null);
          RegistryChange change =
              new RegistryChange()
                  .updateTable(active)
                  .replaceOffsets(
                      previous.name(),
                      appended.kafkaOffsets(),
                      state.hasKafkaOffsets(previous.name()))
                  .updateBatchTable(
                      entry.finished(
                          BatchTableStatus.SUCCEEDED, appended.rowsAppended(), now, null, null));
          writer.write(change, appendRows);
          liveRows.ended(batchId, table);
          return null;
        });
  }

  /**
   * ALTER TABLE ... SET: the table's properties become {@code propertiesJson}; its data, statement
   * and load state stay as they are.
   *
   * @return the table as it is now
   */
  public TableEntry propertiesSet(String table, String propertiesJson) {
    return lock.changing(
        () -> {
          writer.awaitWritten(RegistryChange.tableKey(table)::equals);
          TableEntry entry = state.table(table);
          if (entry == null) {
            throw new TablewaveException(
                ErrorCode.TABLE_NOT_FOUND,
                "cannot alter table " + table + ": it does not exist (see SYS.TABLES)");
          }
          if (entry.status() == TableStatus.LOADING) {
            throw new TablewaveException(
                ErrorCode.TABLE_BUSY,
                "cannot alter table "
                    + entry.name()
                    + ": its first load is running in batch "
                    + entry.batchId()
                    + "; wait for it or cancel the batch");
          }
          TableEntry changed =
              new TableEntry(
                  entry.name(),
                  entry.physicalName(),
                  entry.status(),
                  entry.health(),
                  entry.issues(),
                  entry.rowCount(),
                  entry.sqlText(),
                  propertiesJson,
                  entry.batchId(),
                  entry.wave(),
                  entry.createdAt(),
                  clock.instant(),
                  entry.loadMillis(),
                  entry.badRecords(),
                  entry.lastError());
          writer.write(new RegistryChange().updateTable(changed));
          return changed;
        });
  }

  /**
   * A table whose statement and inputs did not change since its last load: nothing is read or
   * written.
   */
  public void tableUpToDate(long batchId, String table) {
    lock.changing(
        () -> {
          writer.awaitWritten(RegistryChange.batchTableKey(batchId, table)::equals);
          BatchTableEntry entry = state.requireBatchTable(batchId, table);
          Instant now = clock.instant();
          BatchTableEntry upToDate =
              new BatchTableEntry(
                  batchId,
                  entry.tableName(),
                  entry.statementIndex(),
                  entry.wave(),
                  BatchTableStatus.UP_TO_DATE,
                  0,
                  0L,
                  entry.startedAt() == null ? now : entry.startedAt(),
                  now,
                  null,
                  null,
                  entry.attempts());
          writer.write(new RegistryChange().updateBatchTable(upToDate));
          liveRows.ended(batchId, table);
        });
  }

  /** IF NOT EXISTS on an existing table: nothing is loaded and the table stays as it is. */
  public void tableKept(long batchId, String table) {
    lock.changing(
        () -> {
          writer.awaitWritten(RegistryChange.batchTableKey(batchId, table)::equals);
          BatchTableEntry entry = state.requireBatchTable(batchId, table);
          Instant now = clock.instant();
          BatchTableEntry kept =
              new BatchTableEntry(
                  batchId,
                  entry.tableName(),
                  entry.statementIndex(),
                  entry.wave(),
                  BatchTableStatus.SUCCEEDED,
                  0,
                  entry.rowsExpected(),
                  now,
                  now,
                  null,
                  null,
                  entry.attempts());
          writer.write(new RegistryChange().updateBatchTable(kept));
        });
  }

  /**
   * Records a table of a batch that ends without data: FAILED, SKIPPED or CANCELLED. A first load
   * is forgotten; a reload keeps the old data and, when it failed, degrades the table.
   */
  public void tableNotLoaded(
      long batchId, String table, BatchTableStatus status, String error, String skippedBecause) {
    lock.changing(
        () -> {
          writer.awaitWritten(
              Set.of(RegistryChange.tableKey(table), RegistryChange.batchTableKey(batchId, table))
                  ::contains);
          Instant now = clock.instant();
          BatchTableEntry entry = state.requireBatchTable(batchId, table);
          RegistryChange change =
              new RegistryChange()
                  .updateBatchTable(entry.finished(status, 0, now, error, skippedBecause));
          TableEntry existing = state.table(table);
          boolean firstLoad =
              existing != null
                  && existing.status() == TableStatus.LOADING
                  && existing.batchId() == batchId;
          if (firstLoad) {
            change.deleteTable(existing.name());
          } else if (existing != null && status == BatchTableStatus.FAILED) {
            change.updateTable(existing.withReloadFailure(error, now));
          }
          writer.write(change);
          liveRows.ended(batchId, table);
          if (firstLoad) {
            firstLoads.complete(existing.name(), false);
          }
        });
  }

  /**
   * Ends a batch; its status and counts come from how its tables ended ({@link BatchEnd}). The end
   * is in memory at once and reaches the store in the background: the batch's tables are already
   * written as they ended, and a stop before would have {@link StartupRepair} end it the same way.
   *
   * @param cancelled whether the batch was cancelled or timed out
   */
  public BatchEntry batchFinished(long batchId, boolean cancelled) {
    return lock.changing(
        () -> {
          String batchKey = RegistryChange.batchKey(batchId);
          String tableKeysOfBatch = RegistryChange.batchTableKey(batchId, "");
          writer.awaitWritten(k -> k.equals(batchKey) || k.startsWith(tableKeysOfBatch));
          BatchEntry finished =
              BatchEnd.of(state.batchTables(batchId), cancelled)
                  .end(state.requireBatch(batchId), clock.instant());
          writeSoon(new RegistryChange().updateBatch(finished));
          return finished;
        });
  }

  /**
   * Removes a table, and with {@code cascade} every table that depends on it, directly or not
   * ({@link CascadeDrop}).
   *
   * @return the physical tables to drop from the store
   */
  public List<String> drop(String name, boolean cascade) {
    return lock.changing(
        () -> {
          while (true) {
            List<TableEntry> doomed = CascadeDrop.doomed(state, name, cascade);
            RegistryChange change = new RegistryChange();
            doomed.forEach(t -> change.deleteTable(t.name()));
            if (writer.writeUnlessBusy(change)) {
              return doomed.stream().map(TableEntry::physicalName).toList();
            }
          }
        });
  }

  /**
   * Removes a finished batch from {@code SYS.BATCHES} and its tables' rows from {@code
   * SYS.BATCH_TABLES}: the server's own refreshes keep their history elsewhere, so that refreshing
   * every second does not grow these tables without end. Batch ids are never given again.
   */
  public void forgetBatch(long batchId) {
    lock.changing(
        () -> {
          String batchKey = RegistryChange.batchKey(batchId);
          String tableKeysOfBatch = RegistryChange.batchTableKey(batchId, "");
          writer.awaitWritten(k -> k.equals(batchKey) || k.startsWith(tableKeysOfBatch));
          BatchEntry batch = state.batch(batchId);
          if (batch == null) {
            return;
          }
          if (!batch.status().isFinal()) {
            throw new IllegalStateException("batch " + batchId + " is still " + batch.status());
          }
          writer.write(new RegistryChange().deleteBatch(batchId));
        });
  }

  /** Batch ids from now on are above {@code batchId} (an id recorded outside the registry). */
  public void batchIdsAbove(long batchId) {
    lastBatchId.accumulateAndGet(batchId, Math::max);
  }

  /**
   * A refresh of the table could not even start (its topics could not be read while it was
   * planned): the table keeps its data, {@code DEGRADED}, with the error as its last error.
   */
  public void refreshFailed(String table, String error) {
    lock.changing(
        () -> {
          writer.awaitWritten(RegistryChange.tableKey(table)::equals);
          TableEntry entry = state.table(table);
          if (entry == null || entry.status() != TableStatus.ACTIVE) {
            return;
          }
          if (entry.health() == Health.DEGRADED && error.equals(entry.lastError())) {
            return;
          }
          writer.write(
              new RegistryChange().updateTable(entry.withReloadFailure(error, clock.instant())));
        });
  }

  /**
   * How many store connections the registry keeps between its writes (0 or 1), which the store's
   * pool counts as in use.
   */
  public int idleConnections() {
    return repository.holdsIdleConnection() ? 1 : 0;
  }

  /** Writes what batch progress is not written yet; the server calls it before it stops. */
  public void flush() {
    lock.changing(writer::flush);
  }

  /** Stops writing in the background, then writes what is left ({@link #flush}). */
  public void close() {
    background.close();
    try {
      flush();
    } finally {
      repository.close();
    }
  }
}
