package io.tablewave.store;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

/**
 * The one classification of the store's transient failures: those another attempt, on another
 * connection, may get past. Everything else (a SQL error, a missing table) a retry would only
 * repeat.
 */
public final class TransientStoreErrors {
  /** Serialization failure, deadlock, server shutting down or restarting. */
  private static final Set<String> TRANSIENT_STATES =
      Set.of("40001", "40P01", "57P01", "57P02", "57P03");

  private TransientStoreErrors() {}

  /**
   * A transaction the store aborted because it conflicted with another: DuckDB's optimistic
   * concurrency control reports "TransactionContext Error" (a write-write conflict, or a commit of
   * a transaction already aborted by one), PostgreSQL a serialization failure or a deadlock. Work
   * that is safe to repeat can be run again on another connection.
   */
  public static boolean isTransactionConflict(SQLException e) {
    String message = e.getMessage();
    return message != null && message.contains("TransactionContext Error")
        || "40001".equals(e.getSQLState())
        || "40P01".equals(e.getSQLState());
  }

  /**
   * A conflict, or a store that is briefly away: a lost connection (class 08) or one shutting down.
   */
  public static boolean isTransient(SQLException e) {
    String state = e.getSQLState();
    return isTransactionConflict(e)
        || e instanceof SQLTransientException
        || e instanceof SQLRecoverableException
        || state != null && (state.startsWith("08") || TRANSIENT_STATES.contains(state));
  }
}
