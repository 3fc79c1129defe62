package io.tablewave.registry;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Live row counts of the tables loading now, kept in memory only: a load reports them many times a
 * second, without the {@link RegistryLock}; the count written to the store is the final one.
 */
final class LiveRows {
  private final Map<String, AtomicLong> rows = new ConcurrentHashMap<>();

  void started(long batchId, String table) {
    rows.put(key(batchId, table), new AtomicLong());
  }

  void set(long batchId, String table, long rowsLoaded) {
    AtomicLong count = rows.get(key(batchId, table));
    if (count != null) {
      count.set(rowsLoaded);
    }
  }

  void ended(long batchId, String table) {
    rows.remove(key(batchId, table));
  }

  /** {@code entry} with its live row count while it loads. */
  BatchTableEntry withLiveRows(BatchTableEntry entry) {
    AtomicLong count =
        entry.status() == BatchTableStatus.LOADING
            ? rows.get(key(entry.batchId(), entry.tableName()))
            : null;
    if (count == null) {
      return entry;
    }
    return new BatchTableEntry(
        entry.batchId(),
        entry.tableName(),
        entry.statementIndex(),
        entry.wave(),
        entry.status(),
        count.get(),
        entry.rowsExpected(),
        entry.startedAt(),
        entry.finishedAt(),
        entry.errorMessage(),
        entry.skippedBecause(),
        entry.attempts());
  }

  /**
   * A table of a running batch, with its live count and the time it has loaded until {@code now}.
   */
  LiveProgress progress(BatchTableEntry entry, Instant now) {
    BatchTableEntry live = withLiveRows(entry);
    long elapsed =
        live.startedAt() == null
            ? 0
            : (live.finishedAt() == null ? now : live.finishedAt()).toEpochMilli()
                - live.startedAt().toEpochMilli();
    return new LiveProgress(
        live.batchId(),
        live.tableName(),
        live.status(),
        live.rowsLoaded(),
        live.rowsExpected(),
        elapsed);
  }

  private static String key(long batchId, String table) {
    return batchId + "/" + RegistryState.key(table);
  }
}
