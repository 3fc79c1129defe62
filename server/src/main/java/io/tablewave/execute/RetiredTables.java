package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import io.tablewave.store.PhysicalNames;
import io.tablewave.store.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops physical tables that no table points to any more (replaced or dropped) after a grace
 * period. A query planned just before a swap still names the old physical table when it reaches the
 * store; dropping it at once would fail that query. Tables still pending when the server stops are
 * dropped then, and any left by a crash are removed at the next start.
 */
public final class RetiredTables implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RetiredTables.class);

  private final Store store;
  private final Duration grace;
  private final ScheduledExecutorService timer;
  private final Set<String> pending = new LinkedHashSet<>();

  public RetiredTables(Store store, Duration grace) {
    this.store = requireNonNull(store, "store is null");
    this.grace = requireNonNull(grace, "grace is null");
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "tablewave-retired-tables");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Schedules the drop of a physical table nothing points to any more. */
  public void retire(String physicalTable) {
    synchronized (pending) {
      pending.add(physicalTable);
    }
    timer.schedule(() -> drop(physicalTable), grace.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void drop(String physicalTable) {
    synchronized (pending) {
      if (!pending.remove(physicalTable)) {
        return;
      }
    }
    try {
      store.dropTableIfExists(physicalTable);
      // The AVG merge state of the table, if it has one, goes with it.
      store.dropTableIfExists(PhysicalNames.state(physicalTable));
    } catch (RuntimeException e) {
      LOG.warn(
          "could not drop retired table {} (it will be removed at the next start): {}",
          physicalTable,
          e.getMessage());
    }
  }

  /** Drops every pending table now. */
  @Override
  public void close() {
    timer.shutdownNow();
    List<String> now;
    synchronized (pending) {
      now = new ArrayList<>(pending);
    }
    now.forEach(this::drop);
  }
}
