package io.tablewave.registry;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a stop during a load left behind, and the change that repairs it: first loads still marked
 * LOADING are forgotten; unfinished batches and their unfinished tables become FAILED with {@value
 * Registry#INTERRUPTED_MESSAGE}; tables a batch loaded before the stop are kept.
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
