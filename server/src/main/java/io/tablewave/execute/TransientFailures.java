package io.tablewave.execute;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;

import org.apache.kafka.common.errors.RetriableException;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;

/**
 * Tells failures worth another attempt (a broker or store that is briefly away, a serialization
 * conflict) from permanent ones (a SQL error, a bad record under {@code 'fail'}), which a retry
 * would only repeat.
 */
final class TransientFailures {
  /** Connection exceptions (class 08), serialization failure, deadlock, server shutting down. */
  private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "57P01", "57P02", "57P03");

  private TransientFailures() {
  }

  static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TablewaveException tablewave && tablewave.errorCode() == ErrorCode.BAD_RECORD) {
        return false;
      }
      if (cause instanceof RetriableException
          || cause instanceof SQLTransientException
          || cause instanceof SQLRecoverableException
          || cause instanceof ConnectException
          || cause instanceof SocketTimeoutException
          || cause instanceof SQLException sql && transientState(sql.getSQLState())
          || cause instanceof TablewaveException tablewave && tablewave.errorCode() == ErrorCode.SOURCE_UNAVAILABLE) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static boolean transientState(String sqlState) {
    return sqlState != null && (sqlState.startsWith("08") || TRANSIENT_STATES.contains(sqlState));
  }
}
