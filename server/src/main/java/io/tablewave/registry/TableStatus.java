package io.tablewave.registry;

/** Where a table of the {@code PUBLIC} schema is in its life. */
public enum TableStatus {
  /** Its first load is running; it is not readable yet. */
  LOADING,
  /** Loaded and readable. */
  ACTIVE
}
