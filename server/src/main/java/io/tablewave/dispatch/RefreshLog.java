package io.tablewave.dispatch;

import static java.util.Objects.requireNonNull;

import io.tablewave.registry.RefreshEntry;
import io.tablewave.registry.RegistryHistory;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Where a batch records the refresh of each of its tables. */
interface RefreshLog {
  /** Records a refresh whose outcome is already committed. */
  void record(RefreshEntry entry);

  /**
   * The rows that record {@code entry} in the transaction that commits the refresh itself, for a
   * log kept in the registry's store; empty for a log that records only after the commit.
   */
  Optional<RegistryHistory<RefreshEntry>.Addition> inTransaction(RefreshEntry entry);

  /** {@code SYS.REFRESHES}: a row each, written with the refresh when it can be. */
  static RefreshLog inRegistry(RegistryHistory<RefreshEntry> history) {
    requireNonNull(history, "history is null");
    return new RefreshLog() {
      @Override
      public void record(RefreshEntry entry) {
        history.add(List.of(entry));
      }

      @Override
      public Optional<RegistryHistory<RefreshEntry>.Addition> inTransaction(RefreshEntry entry) {
        return Optional.of(history.prepare(List.of(entry)));
      }
    };
  }

  /** Hands each refresh to {@code collector} once it is committed. */
  static RefreshLog collected(Consumer<RefreshEntry> collector) {
    requireNonNull(collector, "collector is null");
    return new RefreshLog() {
      @Override
      public void record(RefreshEntry entry) {
        collector.accept(entry);
      }

      @Override
      public Optional<RegistryHistory<RefreshEntry>.Addition> inTransaction(RefreshEntry entry) {
        return Optional.empty();
      }
    };
  }
}
