package io.tablewave.store;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** Turns the store's SQLExceptions into errors people can act on. */
final class StoreErrors {
  private StoreErrors() {}

  /**
   * @param fallback the code when the failure is neither a lost connection nor a cancel
   * @param what what was being done, e.g. "creating table x"
   */
  static TablewaveException translate(
      SQLException e, ErrorCode fallback, String what, String storeName) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (state.equals("57014")
        || message.contains("INTERRUPT Error")
        || message.contains("Interrupted")) {
      return new TablewaveException(ErrorCode.CANCELLED, what + " was cancelled: " + message, e);
    }
    if (e instanceof SQLTransientConnectionException || state.startsWith("08")) {
      return new TablewaveException(
          ErrorCode.STORE_UNAVAILABLE,
          "The store "
              + storeName
              + " could not be reached while "
              + what
              + ": "
              + message
              + "; check that it is running and reachable",
          e);
    }
    return new TablewaveException(
        fallback, storeName + " failed while " + what + ": " + message, e);
  }
}
