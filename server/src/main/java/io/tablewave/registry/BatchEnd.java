package io.tablewave.registry;

import java.time.Instant;
import java.util.Collection;

/**
 * How a batch ended, from how its tables ended: the one rule for a batch's final status, counts and
 * summary, whether the batch ends as it runs or is found ended at the next start.
 *
 * @param succeeded tables loaded, kept or up to date
 */
record BatchEnd(BatchStatus status, int succeeded, int failed, int skipped, int cancelled) {

  /**
   * @param tables the batch's tables, each in a final status
   * @param cancelledBatch whether the batch itself was cancelled or timed out
   */
  static BatchEnd of(Collection<BatchTableEntry> tables, boolean cancelledBatch) {
    int succeeded =
        count(tables, BatchTableStatus.SUCCEEDED) + count(tables, BatchTableStatus.UP_TO_DATE);
    // A cancel or time limit that came once every table had loaded stopped nothing: the batch
    // succeeded, as its caller was told.
    BatchStatus status =
        succeeded == tables.size()
            ? BatchStatus.SUCCEEDED
            : cancelledBatch
                ? BatchStatus.CANCELLED
                : succeeded == 0 ? BatchStatus.FAILED : BatchStatus.PARTIAL;
    return new BatchEnd(
        status,
        succeeded,
        count(tables, BatchTableStatus.FAILED),
        count(tables, BatchTableStatus.SKIPPED),
        count(tables, BatchTableStatus.CANCELLED));
  }

  /** The batch's summary: null when it succeeded, else what did not load. */
  String error() {
    return status == BatchStatus.SUCCEEDED
        ? null
        : failed + " failed, " + skipped + " skipped, " + cancelled + " cancelled";
  }

  BatchEntry end(BatchEntry batch, Instant at) {
    return batch.finish(status, at, succeeded, failed, skipped, error());
  }

  private static int count(Collection<BatchTableEntry> tables, BatchTableStatus status) {
    return (int) tables.stream().filter(t -> t.status() == status).count();
  }
}
