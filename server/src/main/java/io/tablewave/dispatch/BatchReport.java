package io.tablewave.dispatch;

import static java.util.Objects.requireNonNull;

import io.tablewave.registry.BatchEntry;
import java.util.Locale;

/**
 * What the client that submitted a batch is told about it: the batch id and one line for a person,
 * {@code batch 7 SUCCEEDED: 3 tables loaded}. Clients find the id in that line as {@code batch
 * <id>}.
 *
 * @param batchId the batch
 * @param summary the line, starting with {@code batch <id> <STATUS>}
 */
public record BatchReport(long batchId, String summary) {
  public BatchReport {
    requireNonNull(summary, "summary is null");
  }

  /** The report of {@code batch} as the registry holds it now. */
  public static BatchReport of(BatchEntry batch) {
    StringBuilder line =
        new StringBuilder(
            String.format(Locale.ROOT, "batch %d %s: ", batch.batchId(), batch.status().name()));
    if (!batch.status().isFinal()) {
      line.append(batch.tableCount())
          .append(batch.tableCount() == 1 ? " table" : " tables")
          .append(" submitted");
    } else if (batch.succeeded() == batch.tableCount()) {
      line.append(batch.tableCount())
          .append(batch.tableCount() == 1 ? " table" : " tables")
          .append(" loaded");
    } else {
      line.append(
          String.format(
              Locale.ROOT,
              "%d of %d tables loaded, %d failed, %d skipped",
              batch.succeeded(),
              batch.tableCount(),
              batch.failed(),
              batch.skipped()));
    }
    return new BatchReport(batch.batchId(), line.toString());
  }
}
