package io.tablewave.registry;

/** The lifecycle of a batch. */
public enum BatchStatus {
  /** Planned, not started yet. */
  PLANNED,
  /** At least one table is loading or waiting. */
  RUNNING,
  /** Every table loaded (or was kept). */
  SUCCEEDED,
  /** Some tables loaded, others failed or were skipped. */
  PARTIAL,
  /** No table loaded because of failures, or the batch was interrupted. */
  FAILED,
  /** Cancelled by a user. */
  CANCELLED;

  public boolean isFinal() {
    return this != PLANNED && this != RUNNING;
  }
}
