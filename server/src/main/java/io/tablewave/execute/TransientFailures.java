package io.tablewave.execute;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.store.TransientStoreErrors;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells failures worth another attempt (a broker that is briefly away, or a store failure that
 * {@link TransientStoreErrors} calls transient) from permanent ones (a SQL error, a bad record
 * under {@code 'fail'}), which a retry would only repeat.
 */
final class TransientFailures {
  private TransientFailures() {}

  static boolean isTransient(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof TablewaveException tablewave
          && tablewave.errorCode() == ErrorCode.BAD_RECORD) {
        return false;
      }
      if (cause instanceof RetriableException
          || cause instanceof SQLException sql && TransientStoreErrors.isTransient(sql)
          || cause instanceof ConnectException
          || cause instanceof SocketTimeoutException
          || cause instanceof TablewaveException tablewave
              && tablewave.errorCode() == ErrorCode.SOURCE_UNAVAILABLE) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }
}
