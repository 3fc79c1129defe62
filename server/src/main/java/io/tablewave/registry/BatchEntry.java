package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/** A batch as {@code SYS.BATCHES} shows it. */
public record BatchEntry(
    long batchId,
    BatchStatus status,
    Instant submittedAt,
    Instant finishedAt,
    int tableCount,
    int succeeded,
    int failed,
    int skipped,
    int waveCount,
    int parallelism,
    String userName,
    String errorMessage) {
  public BatchEntry {
    requireNonNull(status, "status is null");
    requireNonNull(submittedAt, "submittedAt is null");
  }

  public BatchEntry finish(
      BatchStatus finalStatus, Instant at, int ok, int bad, int skip, String error) {
    return new BatchEntry(
        batchId,
        finalStatus,
        submittedAt,
        at,
        tableCount,
        ok,
        bad,
        skip,
        waveCount,
        parallelism,
        userName,
        error);
  }
}
