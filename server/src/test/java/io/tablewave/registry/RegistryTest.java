package io.tablewave.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.error.TablewaveException;
import io.tablewave.store.Store;
import io.tablewave.store.StoreFactory;
import io.tablewave.store.StoreSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry on a real DuckDB store: which transitions reach the store when, and what a registry
 * opened again on the same store reads.
 */
class RegistryTest {
  private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

  @TempDir Path dataDir;

  private Store store;
  private Registry registry;

  @BeforeEach
  void open() {
    store = StoreFactory.open(StoreSettings.defaults(dataDir));
    registry = newRegistry();
    registry.open();
  }

  @AfterEach
  void close() {
    registry.close();
    store.close();
  }

  @Test
  void aBatchAndItsEndReachTheStoreInTheBackgroundAndItsProgressWithTheNextTransition() {
    registerBatch(1, "A", "B");
    assertThat(registry.batch(1).orElseThrow().status()).isEqualTo(BatchStatus.PLANNED);
    registry.batchStarted(1);
    // Its rows are read one table after the other, so wait for all of them.
    RegistrySnapshot stored =
        storedOnceItHolds(
            s -> !s.batches().isEmpty() && s.tables().size() == 2 && s.batchTables().size() == 2,
            "the started batch in the store");
    assertThat(stored.batches())
        .extracting(BatchEntry::status)
        .containsExactly(BatchStatus.RUNNING);
    assertThat(stored.tables())
        .extracting(TableEntry::status)
        .containsExactly(TableStatus.LOADING, TableStatus.LOADING);
    assertThat(status(stored.batchTables(), "A")).isEqualTo(BatchTableStatus.PENDING);

    registry.tableStarted(1, "A", null);

    assertThat(registry.batch(1).orElseThrow().status()).isEqualTo(BatchStatus.RUNNING);
    assertThat(status(registry.batchTables(1), "A")).isEqualTo(BatchTableStatus.LOADING);
    assertThat(status(stored().batchTables(), "A"))
        .as("a table's start goes with the next transition")
        .isEqualTo(BatchTableStatus.PENDING);

    registry.tableLoaded(1, "A", loaded("A__tw1", 7));

    stored = stored();
    assertThat(stored.batches())
        .extracting(BatchEntry::status)
        .containsExactly(BatchStatus.RUNNING);
    assertThat(status(stored.batchTables(), "A")).isEqualTo(BatchTableStatus.SUCCEEDED);
    assertThat(status(stored.batchTables(), "B")).isEqualTo(BatchTableStatus.PENDING);
    assertThat(stored.tables())
        .filteredOn(t -> t.name().equals("A"))
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.status()).isEqualTo(TableStatus.ACTIVE);
              assertThat(t.rowCount()).isEqualTo(7);
            });
    assertThat(stored.dependencies()).extracting(DependencyEdge::dependsOn).containsExactly("SRC");

    registry.tableNotLoaded(1, "B", BatchTableStatus.FAILED, "B could not be read", null);
    BatchEntry ended = registry.batchFinished(1, false);

    assertThat(ended.status()).isEqualTo(BatchStatus.PARTIAL);
    assertThat(ended.errorMessage()).isEqualTo("1 failed, 0 skipped, 0 cancelled");
    assertThat(registry.batch(1)).contains(ended);
    assertThat(
            storedOnceItHolds(
                    s -> s.batches().get(0).status().isFinal(), "the batch's end in the store")
                .batches())
        .containsExactly(ended);
  }

  /**
   * A batch shorter than the progress linger costs one store transaction: its registration and
   * start go with its table's swap, and its end with the next batch's swap.
   */
  @Test
  void aShortBatchIsOneTransactionAndItsEndGoesWithTheNext() {
    registry.close();
    GatedCommits counted = new GatedCommits(store.dataSource());
    registry =
        new Registry(
            new RegistryRepository(counted, store.registrySchema()),
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(1));
    registry.open();
    int opened = counted.commits();

    registerBatch(1, "A");
    registry.batchStarted(1);
    registry.tableStarted(1, "A", null);
    registry.tableLoaded(1, "A", loaded("A__tw1", 7));
    assertThat(counted.commits() - opened).isEqualTo(1);
    RegistrySnapshot stored = stored();
    assertThat(stored.batches())
        .extracting(BatchEntry::status)
        .containsExactly(BatchStatus.RUNNING);
    assertThat(status(stored.batchTables(), "A")).isEqualTo(BatchTableStatus.SUCCEEDED);

    BatchEntry ended = registry.batchFinished(1, false);
    registerBatch(2, "B");
    registry.batchStarted(2);
    registry.tableLoaded(2, "B", loaded("B__tw2", 3));

    assertThat(counted.commits() - opened).isEqualTo(2);
    assertThat(stored().batches()).contains(ended);
  }

  /**
   * A table's dependencies are replaced by deleting the stored ones first: a first load, with none
   * stored, only inserts its own.
   */
  @Test
  void aFirstLoadInsertsItsDependenciesAndAReloadReplacesThem() {
    registry.close();
    GatedCommits recorded = new GatedCommits(store.dataSource());
    registry =
        new Registry(
            new RegistryRepository(recorded, store.registrySchema()),
            Clock.fixed(NOW, ZoneOffset.UTC),
            Duration.ofMinutes(1));
    registry.open();
    registerBatch(1, "A");
    registry.batchStarted(1);
    int before = recorded.executed().size();

    registry.tableLoaded(1, "A", loaded("A__tw1", 7));

    assertThat(recorded.executed().subList(before, recorded.executed().size()))
        .as("statements of a first load's swap")
        .isNotEmpty()
        .noneMatch(sql -> sql.startsWith("DELETE"));
    assertThat(stored().dependencies())
        .extracting(DependencyEdge::dependsOn)
        .containsExactly("SRC");

    registry.batchFinished(1, false);
    registry.registerBatch(batch(2, 1), List.of(pending(2, "A", 0)), List.of());
    registry.batchStarted(2);
    before = recorded.executed().size();
    DependencyEdge other =
        new DependencyEdge("A", "OTHER", DependencyKind.TABLE, DependencyOrigin.SQL);
    registry.tableLoaded(2, "A", withDependencies(loaded("A__tw2", 3), List.of(other)));

    assertThat(recorded.executed().subList(before, recorded.executed().size()))
        .as("statements of a reload's swap")
        .anyMatch(sql -> sql.startsWith("DELETE") && sql.contains("tw_dependencies"));
    assertThat(stored().dependencies()).containsExactly(other);
    assertThat(registry.dependencies()).containsExactly(other);
  }

  @Test
  void flushWritesTheProgressNoTransitionCarriedYet() {
    registerBatch(1, "A");
    registry.batchStarted(1);
    registry.tableStarted(1, "A", 500L);

    registry.flush();

    RegistrySnapshot stored = stored();
    assertThat(stored.batches())
        .extracting(BatchEntry::status)
        .containsExactly(BatchStatus.RUNNING);
    assertThat(stored.batchTables())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(BatchTableStatus.LOADING);
              assertThat(e.rowsExpected()).isEqualTo(500L);
              assertThat(e.startedAt()).isEqualTo(NOW);
            });
  }

  @Test
  void aStopBeforeProgressIsWrittenIsRepairedLikeAnyInterruptedBatch() {
    registerBatch(1, "A", "B");
    registry.batchStarted(1);
    registry.tableStarted(1, "A", null);
    registry.tableLoaded(1, "A", loaded("A__tw1", 3));
    registry.tableStarted(1, "B", null);

    Registry reopened = newRegistry();
    Registry.Recovery recovery = reopened.open();

    assertThat(recovery.interruptedBatches()).containsExactly(1L);
    assertThat(recovery.forgottenTables()).containsExactly("B");
    assertThat(reopened.batch(1).orElseThrow().status()).isEqualTo(BatchStatus.FAILED);
    assertThat(status(reopened.batchTables(1), "A")).isEqualTo(BatchTableStatus.SUCCEEDED);
    assertThat(reopened.batchTables(1))
        .filteredOn(e -> e.tableName().equals("B"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.status()).isEqualTo(BatchTableStatus.FAILED);
              assertThat(e.errorMessage()).isEqualTo(Registry.INTERRUPTED_MESSAGE);
            });
    assertThat(reopened.physicalName("A")).contains("A__tw1");
    assertThat(reopened.table("B")).isEmpty();
  }

  @Test
  void aStopAfterEveryTableEndedButBeforeTheBatchEndWasWrittenEndsTheBatchAsItEnded() {
    registerBatch(1, "A", "B");
    registry.batchStarted(1);
    registry.tableStarted(1, "A", null);
    registry.tableLoaded(1, "A", loaded("A__tw1", 3));
    registry.tableStarted(1, "B", null);
    registry.tableNotLoaded(1, "B", BatchTableStatus.FAILED, "B could not be read", null);

    Registry reopened = newRegistry();
    Registry.Recovery recovery = reopened.open();

    assertThat(recovery.interruptedBatches()).isEmpty();
    assertThat(reopened.batch(1).orElseThrow())
        .satisfies(
            b -> {
              assertThat(b.status()).isEqualTo(BatchStatus.PARTIAL);
              assertThat(b.succeeded()).isEqualTo(1);
              assertThat(b.failed()).isEqualTo(1);
              assertThat(b.errorMessage()).isEqualTo("1 failed, 0 skipped, 0 cancelled");
              assertThat(b.finishedAt()).isEqualTo(NOW);
            });
    assertThat(reopened.physicalName("A")).contains("A__tw1");
    assertThat(reopened.table("B")).isEmpty();
  }

  @Test
  void aTableDroppedWhileItIsReloadedStaysDroppedAndABackgroundBatchCanBeForgotten() {
    registerBatch(1, "A");
    registry.tableLoaded(1, "A", loaded("A__tw1", 3));
    registry.batchFinished(1, false);
    registry.registerBatch(batch(2, 1), List.of(pending(2, "A", 0)), List.of());
    registry.tableStarted(2, "A", null);
    registry.drop("A", false);

    assertThatThrownBy(() -> registry.tableLoaded(2, "A", loaded("A__tw2", 9)))
        .isInstanceOf(TablewaveException.class)
        .hasMessageContaining("was dropped while batch 2 reloaded it");
    assertThat(registry.table("A")).isEmpty();

    registry.tableNotLoaded(2, "A", BatchTableStatus.FAILED, "dropped", null);
    registry.batchFinished(2, false);
    registry.forgetBatch(2);
    assertThat(registry.batch(2)).isEmpty();
    assertThat(registry.batchTables(2)).isEmpty();
    RegistrySnapshot stored = stored();
    assertThat(stored.tables()).isEmpty();
    assertThat(stored.batches()).extracting(BatchEntry::batchId).containsExactly(1L);
    assertThat(stored.batchTables()).extracting(BatchTableEntry::batchId).containsExactly(1L);
  }

  @Test
  void aReloadUpdatesTheStoredRowsInPlace() {
    registerBatch(1, "A");
    registry.tableLoaded(1, "A", loaded("A__tw1", 3));
    registry.batchFinished(1, false);
    registry.registerBatch(batch(2, 1), List.of(pending(2, "A", 0)), List.of());
    registry.tableStarted(2, "A", null);

    assertThat(registry.tableLoaded(2, "A", loaded("A__tw2", 9))).contains("A__tw1");
    registry.batchFinished(2, false);
    registry.flush();

    RegistrySnapshot stored = stored();
    assertThat(stored.tables())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.physicalName()).isEqualTo("A__tw2");
              assertThat(t.rowCount()).isEqualTo(9);
              assertThat(t.batchId()).isEqualTo(2);
            });
    assertThat(stored.dependencies()).hasSize(1);
    assertThat(stored.batches())
        .extracting(BatchEntry::batchId, BatchEntry::status, BatchEntry::succeeded)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(1L, BatchStatus.SUCCEEDED, 1),
            org.assertj.core.groups.Tuple.tuple(2L, BatchStatus.SUCCEEDED, 1));
    assertThat(stored.batchTables()).hasSize(2);
  }

  @Test
  void aBatchOfHundredsOfTablesIsRegisteredInFull() {
    String[] names = new String[1_200];
    for (int i = 0; i < names.length; i++) {
      names[i] = "T" + i;
    }
    registerBatch(1, names);
    registry.flush();

    RegistrySnapshot stored = stored();
    assertThat(stored.batchTables()).hasSize(names.length);
    assertThat(stored.tables())
        .hasSize(names.length)
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TableStatus.LOADING));
    assertThat(stored.batchTables())
        .extracting(BatchTableEntry::statementIndex)
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, names.length).boxed().toList());
  }

  @Test
  void tablesFinishingTogetherShareATransactionAndReadersDoNotWaitForIt() throws Exception {
    GatedCommits gated = new GatedCommits(store.dataSource());
    Registry grouped =
        new Registry(
            new RegistryRepository(gated, store.registrySchema()),
            Clock.fixed(NOW, ZoneOffset.UTC));
    grouped.open();
    String[] names = {"G0", "G1", "G2", "G3", "G4", "G5", "G6", "G7"};
    List<BatchTableEntry> entries = new java.util.ArrayList<>();
    List<TableEntry> reserved = new java.util.ArrayList<>();
    for (int i = 0; i < names.length; i++) {
      entries.add(pending(1, names[i], i));
      reserved.add(
          new TableEntry(
              names[i],
              names[i] + "__tw1",
              TableStatus.LOADING,
              Health.HEALTHY,
              null,
              0,
              "CREATE TABLE " + names[i] + " AS SELECT * FROM src",
              "{}",
              1,
              1,
              NOW,
              NOW,
              0,
              0,
              null));
    }
    grouped.registerBatch(batch(1, names.length), entries, reserved);
    grouped.flush();
    int commitsBefore = gated.commits();

    gated.close();
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(names.length + 1);
    try {
      List<java.util.concurrent.Future<?>> loads = new java.util.ArrayList<>();
      for (String name : names) {
        loads.add(pool.submit(() -> grouped.tableLoaded(1, name, loaded(name + "__tw1", 1))));
      }
      gated.awaitBlockedCommit();
      java.util.concurrent.Future<List<TableEntry>> read = pool.submit(grouped::tables);
      assertThat(read.get(10, java.util.concurrent.TimeUnit.SECONDS))
          .as("a read while a transaction waits in the store")
          .hasSize(names.length);
      Thread.sleep(200);
      gated.open();
      for (java.util.concurrent.Future<?> load : loads) {
        load.get(10, java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(grouped.tables())
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TableStatus.ACTIVE));
    assertThat(stored().tables())
        .allSatisfy(t -> assertThat(t.status()).isEqualTo(TableStatus.ACTIVE));
    assertThat(gated.commits() - commitsBefore)
        .as("eight swaps: the first alone, the seven that came while it waited in one transaction")
        .isEqualTo(2);
  }

  private Registry newRegistry() {
    return new Registry(
        new RegistryRepository(store.dataSource(), store.registrySchema()),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private RegistrySnapshot stored() {
    return new RegistryRepository(store.dataSource(), store.registrySchema()).load();
  }

  /** What the store holds once {@code holds} is true of it, waiting up to 10 s. */
  private RegistrySnapshot storedOnceItHolds(
      java.util.function.Predicate<RegistrySnapshot> holds, String what) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    RegistrySnapshot stored = stored();
    while (!holds.test(stored)) {
      assertThat(System.nanoTime())
          .as("%s within 10 s; the store holds %s", what, stored)
          .isLessThan(deadline);
      java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
      stored = stored();
    }
    return stored;
  }

  private void registerBatch(long batchId, String... tables) {
    List<BatchTableEntry> entries = new java.util.ArrayList<>();
    List<TableEntry> reserved = new java.util.ArrayList<>();
    for (int i = 0; i < tables.length; i++) {
      entries.add(pending(batchId, tables[i], i));
      reserved.add(
          new TableEntry(
              tables[i],
              tables[i] + "__tw" + batchId,
              TableStatus.LOADING,
              Health.HEALTHY,
              null,
              0,
              "CREATE TABLE " + tables[i] + " AS SELECT * FROM src",
              "{}",
              batchId,
              1,
              NOW,
              NOW,
              0,
              0,
              null));
    }
    registry.registerBatch(batch(batchId, tables.length), entries, reserved);
  }

  private static BatchEntry batch(long batchId, int tables) {
    return new BatchEntry(
        batchId, BatchStatus.PLANNED, NOW, null, tables, 0, 0, 0, 1, 4, "tester", null);
  }

  private static BatchTableEntry pending(long batchId, String table, int index) {
    return new BatchTableEntry(
        batchId, table, index, 1, BatchTableStatus.PENDING, 0, null, null, null, null, null, 0);
  }

  private static LoadedTable loaded(String physicalName, long rows) {
    return new LoadedTable(
        physicalName,
        rows,
        "CREATE TABLE A AS SELECT * FROM src",
        "{}",
        1,
        5,
        0,
        null,
        List.of(new DependencyEdge("A", "SRC", DependencyKind.TABLE, DependencyOrigin.SQL)),
        List.of());
  }

  private static LoadedTable withDependencies(LoadedTable loaded, List<DependencyEdge> edges) {
    return new LoadedTable(
        loaded.physicalName(),
        loaded.rowCount(),
        loaded.sqlText(),
        loaded.propertiesJson(),
        loaded.wave(),
        loaded.loadMillis(),
        loaded.badRecords(),
        loaded.issues(),
        edges,
        loaded.kafkaOffsets());
  }

  private static BatchTableStatus status(List<BatchTableEntry> entries, String table) {
    return entries.stream()
        .filter(e -> e.tableName().equals(table))
        .findFirst()
        .orElseThrow()
        .status();
  }
}
