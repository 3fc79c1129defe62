package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One table of one refresh the server ran by itself for a continuous or scheduled table, as {@code
 * SYS.CONTINUOUS_REFRESHES} shows it.
 *
 * @param refreshId the row's number, increasing
 * @param batchId the batch that ran the refresh (no longer in {@code SYS.BATCHES}), or 0 when it
 *     could not be planned
 * @param tableName the table refreshed
 * @param scheduledBy the continuous or scheduled table whose schedule ran the refresh
 * @param mode how the table was refreshed: as {@code SYS.REFRESHES.MODE}; null when the refresh
 *     could not be planned
 * @param status as {@code SYS.BATCH_TABLES.STATUS}, or {@code FAILED} when it could not be planned
 * @param rowsLoaded the rows the refresh loaded or appended
 */
public record ContinuousRefreshEntry(
    long refreshId,
    long batchId,
    String tableName,
    String scheduledBy,
    String mode,
    String status,
    Instant startedAt,
    Instant finishedAt,
    long rowsLoaded,
    String errorMessage) {
  public ContinuousRefreshEntry {
    requireNonNull(tableName, "tableName is null");
    requireNonNull(scheduledBy, "scheduledBy is null");
    requireNonNull(status, "status is null");
    requireNonNull(finishedAt, "finishedAt is null");
  }

  /** The same row under another number. */
  public ContinuousRefreshEntry withId(long id) {
    return new ContinuousRefreshEntry(
        id,
        batchId,
        tableName,
        scheduledBy,
        mode,
        status,
        startedAt,
        finishedAt,
        rowsLoaded,
        errorMessage);
  }
}
