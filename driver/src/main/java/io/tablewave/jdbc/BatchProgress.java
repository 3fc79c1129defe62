package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Where a running batch stands, as the submitting statement's {@link ProgressListener} receives it.
 *
 * @param batchId the batch
 * @param status the batch's status as {@code SYS.BATCHES} shows it: {@code RUNNING} while it runs,
 *     then {@code SUCCEEDED}, {@code PARTIAL}, {@code FAILED} or {@code CANCELLED}
 * @param tables how many tables the batch has
 * @param tablesDone tables no longer pending or loading (loaded, failed, skipped, cancelled)
 * @param tablesLoading tables loading now
 * @param tablesFailed tables that failed
 * @param tablesSkipped tables skipped or cancelled because a table they read did not load
 * @param rowsLoaded rows written so far by the tables that loaded or are loading
 * @param rowsPerSecond the current rate of the loading tables together; for the final event, the
 *     batch's average
 * @param elapsed time since the statement submitted the batch
 * @param page the batch's live page on the server, {@code http://HOST:PORT/ui/?batch=ID}
 * @param finished whether this is the batch's last event
 */
public record BatchProgress(
    long batchId,
    String status,
    int tables,
    int tablesDone,
    int tablesLoading,
    int tablesFailed,
    int tablesSkipped,
    long rowsLoaded,
    double rowsPerSecond,
    Duration elapsed,
    URI page,
    boolean finished) {
  public BatchProgress {
    requireNonNull(status, "status is null");
    requireNonNull(elapsed, "elapsed is null");
    requireNonNull(page, "page is null");
  }

  /**
   * One line for a person: {@code batch 7: 12/20 tables done, 3 loading, 1,204,311 rows, 180,221
   * rows/s, 6.2 s} while the batch runs, {@code batch 7 SUCCEEDED: 20/20 tables done, ...} for the
   * final event.
   */
  public String describe() {
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "batch %d%s: %d/%d tables done",
                batchId,
                finished ? " " + status : "",
                tablesDone,
                tables));
    if (tablesFailed > 0 || tablesSkipped > 0) {
      line.append(
          String.format(Locale.ROOT, " (%d failed, %d skipped)", tablesFailed, tablesSkipped));
    }
    line.append(
        String.format(
            Locale.ROOT,
            ", %d loading, %,d rows, %,.0f rows/s, %.1f s",
            tablesLoading,
            rowsLoaded,
            rowsPerSecond,
            elapsed.toMillis() / 1000.0));
    return line.toString();
  }

  /**
   * The live page of batch {@code batchId} on the server at {@code serverUrl} ({@code
   * http://HOST:PORT}).
   */
  static URI page(String serverUrl, long batchId) {
    String base =
        serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
    return URI.create(base + "/ui/?batch=" + batchId);
  }
}
