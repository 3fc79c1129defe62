package io.tablewave.refresh;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One refresh of one table, as {@code SYS.REFRESHES} shows it.
 *
 * @param mode {@code FULL}, {@code INCREMENTAL} or {@code UP_TO_DATE}
 * @param status the table's status in its batch: {@code SUCCEEDED}, {@code UP_TO_DATE}, {@code
 *     FAILED}, {@code SKIPPED} or {@code CANCELLED}
 * @param startedAt null when it never started (skipped, cancelled before it started)
 * @param offsetRanges the Kafka offsets an incremental refresh read, as {@code topic/partition:
 *     from-to} (to exclusive) separated by commas; null for other refreshes
 */
public record RefreshRecord(
    String tableName,
    long batchId,
    String mode,
    Instant startedAt,
    Instant finishedAt,
    long rowsAppended,
    String status,
    String errorMessage,
    String offsetRanges) {
  public RefreshRecord {
    requireNonNull(tableName, "tableName is null");
    requireNonNull(mode, "mode is null");
    requireNonNull(finishedAt, "finishedAt is null");
    requireNonNull(status, "status is null");
  }
}
