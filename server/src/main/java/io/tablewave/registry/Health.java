package io.tablewave.registry;

/** Whether a table's data can be trusted as it is. */
public enum Health {
  /** The last load succeeded with nothing to report. */
  HEALTHY,
  /** Readable, but something needs attention: see the table's issues. */
  DEGRADED
}
