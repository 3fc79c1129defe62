package io.tablewave.plan;

/** What a statement of a batch does to its table. */
public enum Action {
  /** The table does not exist yet and is created and loaded. */
  CREATE,
  /** The table exists and OR REPLACE was given: it is loaded again and swapped in. */
  REPLACE,
  /** The table exists and IF NOT EXISTS was given: it stays as it is and is not loaded. */
  KEEP_EXISTING
}
