package io.tablewave.execute;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.store.Store;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Offers a store statement to a {@link CancellationToken} while it runs. */
final class StatementWatch {
  private static final Logger LOG = LoggerFactory.getLogger(StatementWatch.class);

  /** How often a cancelled statement that still runs is cancelled again. */
  private static final long CANCEL_AGAIN_MILLIS = 100;

  private StatementWatch() {}

  /**
   * A cancel of {@code token} cancels the statement, and again every 100 ms until it returns: a
   * store may drop a cancel that comes before it has started the statement (DuckDB's JDBC driver
   * ignores one before it has locked the statement, and its engine one before it begins the query).
   * A token cancelled before the statement starts fails it at once.
   */
  static Function<Statement, Store.Watch> of(CancellationToken token) {
    return statement -> {
      AtomicBoolean withdrawn = new AtomicBoolean();
      CancellationToken.Registration registration =
          token.onCancel(
              () -> {
                cancel(statement);
                Thread again =
                    new Thread(
                        () -> cancelUntilWithdrawn(statement, withdrawn),
                        "tablewave-statement-cancel");
                again.setDaemon(true);
                again.start();
              });
      if (registration.ran()) {
        withdrawn.set(true);
        registration.close();
        throw new TablewaveException(ErrorCode.CANCELLED, token.reason());
      }
      return () -> {
        withdrawn.set(true);
        registration.close();
        return registration.ran();
      };
    };
  }

  /** Cancels a running statement of the store. */
  static void cancel(Statement statement) {
    try {
      statement.cancel();
    } catch (SQLException e) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR, "could not cancel a running statement: " + e.getMessage(), e);
    }
  }

  private static void cancelUntilWithdrawn(Statement statement, AtomicBoolean withdrawn) {
    try {
      while (true) {
        TimeUnit.MILLISECONDS.sleep(CANCEL_AGAIN_MILLIS);
        if (withdrawn.get()) {
          return;
        }
        statement.cancel();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException | RuntimeException e) {
      // The statement may have returned and closed between the check and the cancel.
      if (!withdrawn.get()) {
        LOG.warn("could not cancel a running statement again: {}", e.getMessage(), e);
      }
    }
  }
}
