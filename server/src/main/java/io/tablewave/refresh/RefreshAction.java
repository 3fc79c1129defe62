package io.tablewave.refresh;

/** What a refresh does to one table, as {@code EXPLAIN} shows it in {@code ACTION}. */
public enum RefreshAction {
  /** Only the records after the last load are read and appended. */
  REFRESH_INCREMENTAL,
  /** The table is rebuilt from scratch into a new physical table and swapped in. */
  REFRESH_FULL,
  /**
   * Neither the statement nor its inputs changed since the last load: nothing is read or written.
   */
  UP_TO_DATE
}
