package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

/**
 * How a task ended.
 *
 * @param rows rows loaded, for SUCCEEDED
 * @param error why it failed or was cancelled, else null
 * @param skippedBecause for SKIPPED, the failed table it waited on
 */
public record TaskOutcome(TaskStatus status, long rows, String error, String skippedBecause) {
  public TaskOutcome {
    requireNonNull(status, "status is null");
  }

  public static TaskOutcome succeeded(long rows) {
    return new TaskOutcome(TaskStatus.SUCCEEDED, rows, null, null);
  }
}
