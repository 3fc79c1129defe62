package io.tablewave.cli;

import java.util.Locale;

/**
 * Where a running batch stands, read from {@code SYS.BATCH_TABLES} and {@code SYS.PROGRESS}.
 *
 * @param batchId the batch
 * @param total tables in the batch
 * @param succeeded tables loaded
 * @param failed tables that failed
 * @param skipped tables skipped because a table they read failed
 * @param loading tables loading now
 * @param rowsLoaded rows written so far, finished tables included
 * @param rowsPerSecond current rate of the loading tables
 * @param elapsedMillis time since the batch was submitted
 */
record BatchProgress(long batchId, int total, int succeeded, int failed, int skipped, int loading, long rowsLoaded,
    double rowsPerSecond, long elapsedMillis) {

  int finished() {
    return succeeded + failed + skipped;
  }

  /** One line for a person watching: {@code batch 7: 12/20 tables done, 3 loading, 1,204,311 rows, 180,221 rows/s}. */
  String describe() {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "batch %d: %d/%d tables done", batchId,
        finished(), total));
    if (failed > 0 || skipped > 0) {
      line.append(String.format(Locale.ROOT, " (%d failed, %d skipped)", failed, skipped));
    }
    line.append(String.format(Locale.ROOT, ", %d loading, %,d rows, %,.0f rows/s, %.1f s", loading, rowsLoaded,
        rowsPerSecond, elapsedMillis / 1000.0));
    return line.toString();
  }
}
