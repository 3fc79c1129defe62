package io.tablewave.execute;

/** Whose batch it is, which decides its place in line for workers ({@link LoadScheduler}). */
public enum BatchPriority {
  /** Submitted by a client: its ready tasks go before any background task. */
  USER,
  /** Submitted by the server itself (a continuous table's refresh): runs on the workers left. */
  BACKGROUND
}
