package io.tablewave.store;

/** What a {@link TableWriter} owns besides its rows, and so what it ends when it ends. */
enum WriterOwnership {
  /**
   * Nothing: it writes on the caller's connection and in its transaction, which the caller commits
   * or rolls back.
   */
  CALLERS_TRANSACTION,

  /**
   * Its connection and transaction, committed at finish and rolled back when closed unfinished; the
   * table is the caller's.
   */
  OWN_TRANSACTION,

  /** Its connection, its transaction and its new table, dropped when closed unfinished. */
  OWN_TRANSACTION_AND_TABLE;

  boolean ownsTransaction() {
    return this != CALLERS_TRANSACTION;
  }

  boolean ownsTable() {
    return this == OWN_TRANSACTION_AND_TABLE;
  }
}
