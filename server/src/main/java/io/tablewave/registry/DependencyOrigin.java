package io.tablewave.registry;

/** Where a dependency was found. */
public enum DependencyOrigin {
  /** Extracted from the table's query. */
  SQL,
  /** Named in the table's {@code depends_on} property. */
  EXPLICIT
}
