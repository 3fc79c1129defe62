package io.tablewave.plan;

/** Where a table dependency was found; when both apply, {@link #SQL} is reported. */
public enum Origin {
  /** Read by the query (FROM, JOIN, subquery, set operation). */
  SQL,
  /** Named in the {@code depends_on} property only. */
  EXPLICIT
}
