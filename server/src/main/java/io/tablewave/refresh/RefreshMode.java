package io.tablewave.refresh;

/** How a statement of a batch asks for its table to be brought up to date. */
public enum RefreshMode {
  /** A CTAS: the statement as written. */
  STATEMENT,
  /** A REFRESH: the table's registered statement, incrementally where the table allows it. */
  REFRESH,
  /** A REFRESH ... FULL: the table's registered statement, rebuilt from scratch. */
  REFRESH_FULL
}
