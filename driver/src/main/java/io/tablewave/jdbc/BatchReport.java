package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

/**
 * What the server said about the batch a request submitted.
 *
 * @param batchId the batch
 * @param summary one line starting {@code batch <id> <STATUS>}, e.g. {@code batch 7 SUCCEEDED: 3
 *     tables loaded}
 */
record BatchReport(long batchId, String summary) {
  BatchReport {
    requireNonNull(summary, "summary is null");
  }
}
