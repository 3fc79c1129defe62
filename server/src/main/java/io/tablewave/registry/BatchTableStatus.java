package io.tablewave.registry;

/** The lifecycle of one table within one batch. */
public enum BatchTableStatus {
  /** Waiting for dependencies or a worker. */
  PENDING,
  /** Being built. */
  LOADING,
  /** Built and swapped in (or kept, for IF NOT EXISTS on an existing table). */
  SUCCEEDED,
  /** Its load failed; see the error message. */
  FAILED,
  /** Not loaded because a table it depends on failed. */
  SKIPPED,
  /** Stopped or never started because the batch was cancelled. */
  CANCELLED,
  /** Not loaded: neither its statement nor its inputs changed since its last load. */
  UP_TO_DATE;

  public boolean isFinal() {
    return this != PENDING && this != LOADING;
  }
}
