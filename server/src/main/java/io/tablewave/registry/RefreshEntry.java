package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One load of one table by a user's batch, as {@code SYS.REFRESHES} shows it.
 *
 * @param refreshId the row's number, increasing
 * @param mode {@code FULL}, {@code INCREMENTAL} or {@code UP_TO_DATE}
 * @param startedAt null when it never started (skipped, cancelled before it started)
 * @param status the table's status in its batch: {@code SUCCEEDED}, {@code UP_TO_DATE}, {@code
 *     FAILED}, {@code SKIPPED} or {@code CANCELLED}
 * @param offsetRanges the Kafka offsets an incremental refresh read, as {@code topic/partition:
 *     from-to} (to exclusive) separated by commas; null for other refreshes
 */
public record RefreshEntry(
    long refreshId,
    String tableName,
    long batchId,
    String mode,
    Instant startedAt,
    Instant finishedAt,
    long rowsAppended,
    String status,
    String errorMessage,
    String offsetRanges) {
  public RefreshEntry {
    requireNonNull(tableName, "tableName is null");
    requireNonNull(mode, "mode is null");
    requireNonNull(finishedAt, "finishedAt is null");
    requireNonNull(status, "status is null");
  }

  /** The same row under another number. */
  public RefreshEntry withId(long id) {
    return new RefreshEntry(
        id,
        tableName,
        batchId,
        mode,
        startedAt,
        finishedAt,
        rowsAppended,
        status,
        errorMessage,
        offsetRanges);
  }
}
