package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One table of one batch as {@code SYS.BATCH_TABLES} shows it.
 *
 * @param rowsExpected the number of rows the load will read when known upfront (Kafka), else null
 * @param skippedBecause the failed table this one waited on, or null
 */
public record BatchTableEntry(
    long batchId,
    String tableName,
    int statementIndex,
    int wave,
    BatchTableStatus status,
    long rowsLoaded,
    Long rowsExpected,
    Instant startedAt,
    Instant finishedAt,
    String errorMessage,
    String skippedBecause,
    int attempts) {
  public BatchTableEntry {
    requireNonNull(tableName, "tableName is null");
    requireNonNull(status, "status is null");
  }

  public BatchTableEntry started(Instant at) {
    return new BatchTableEntry(
        batchId,
        tableName,
        statementIndex,
        wave,
        BatchTableStatus.LOADING,
        0,
        rowsExpected,
        at,
        null,
        null,
        null,
        attempts + 1);
  }

  public BatchTableEntry finished(
      BatchTableStatus finalStatus, long rows, Instant at, String error, String because) {
    return new BatchTableEntry(
        batchId,
        tableName,
        statementIndex,
        wave,
        finalStatus,
        rows,
        rowsExpected,
        startedAt,
        at,
        error,
        because,
        attempts);
  }

  public BatchTableEntry withExpected(Long expected) {
    return new BatchTableEntry(
        batchId,
        tableName,
        statementIndex,
        wave,
        status,
        rowsLoaded,
        expected,
        startedAt,
        finishedAt,
        errorMessage,
        skippedBecause,
        attempts);
  }
}
