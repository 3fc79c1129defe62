package io.tablewave.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a stop during a load left behind, and the change that repairs it: first loads still marked
 * LOADING are forgotten; unfinished batches and their unfinished tables become FAILED with {@value
 * Registry#INTERRUPTED_MESSAGE}; tables a batch loaded before the stop are kept. A batch whose
 * tables had all ended gets the end they give ({@link BatchEnd}): the stop only came before its end
 * was written.
 */
final class StartupRepair {
  private StartupRepair() {}

  /** The change that repairs {@code state}, and what it repairs. */
  record Repair(RegistryChange change, Registry.Recovery recovery) {}

  static Repair of(RegistryState state, Instant now) {
    RegistryChange change = new RegistryChange();
    List<String> forgotten = new ArrayList<>();
    for (TableEntry table : state.tables()) {
      if (table.status() == TableStatus.LOADING) {
        change.deleteTable(table.name());
        forgotten.add(table.name());
      }
    }
    List<Long> interrupted = new ArrayList<>();
    for (BatchEntry batch : state.batches()) {
      if (batch.status().isFinal()) {
        continue;
      }
      Collection<BatchTableEntry> tables = state.batchTables(batch.batchId());
      if (!tables.isEmpty() && tables.stream().allMatch(t -> t.status().isFinal())) {
        // Every table ended before the stop: the batch had ended, and only its end was not
        // written yet.
        change.updateBatch(
            BatchEnd.of(
                    tables, tables.stream().anyMatch(t -> t.status() == BatchTableStatus.CANCELLED))
                .end(
                    batch,
                    tables.stream()
                        .map(BatchTableEntry::finishedAt)
                        .filter(Objects::nonNull)
                        .max(Comparator.naturalOrder())
                        .orElse(now)));
        continue;
      }
      interrupted.add(batch.batchId());
      int ok = 0;
      int bad = 0;
      int skipped = 0;
      for (BatchTableEntry entry : state.batchTables(batch.batchId())) {
        if (entry.status().isFinal()) {
          ok +=
              entry.status() == BatchTableStatus.SUCCEEDED
                      || entry.status() == BatchTableStatus.UP_TO_DATE
                  ? 1
                  : 0;
          bad += entry.status() == BatchTableStatus.FAILED ? 1 : 0;
          skipped += entry.status() == BatchTableStatus.SKIPPED ? 1 : 0;
        } else {
          bad++;
          change.updateBatchTable(
              entry.finished(BatchTableStatus.FAILED, 0, now, Registry.INTERRUPTED_MESSAGE, null));
        }
      }
      change.updateBatch(
          batch.finish(
              BatchStatus.FAILED,
              now,
              ok,
              bad,
              skipped,
              "batch "
                  + batch.batchId()
                  + " was "
                  + Registry.INTERRUPTED_MESSAGE
                  + "; tables it had loaded are kept,"
                  + " the others were not loaded: submit them again"));
    }
    return new Repair(change, new Registry.Recovery(interrupted, forgotten));
  }
}
