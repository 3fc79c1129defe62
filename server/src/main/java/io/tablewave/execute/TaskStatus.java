package io.tablewave.execute;

/** How a task of a batch ended. */
public enum TaskStatus {
  SUCCEEDED,
  FAILED,
  SKIPPED,
  CANCELLED
}
