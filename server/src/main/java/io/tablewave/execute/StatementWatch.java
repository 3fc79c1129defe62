package io.tablewave.execute;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.store.Store;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;

/** Offers a store statement to a {@link CancellationToken} while it runs. */
final class StatementWatch {
  private StatementWatch() {}

  /**
   * A cancel of {@code token} cancels the statement; a token cancelled before the statement starts
   * fails it at once, since a cancel of a statement not yet running is lost.
   */
  static Function<Statement, Store.Watch> of(CancellationToken token) {
    return statement -> {
      CancellationToken.Registration registration =
          token.onCancel(
              () -> {
                try {
                  statement.cancel();
                } catch (SQLException e) {
                  throw new TablewaveException(
                      ErrorCode.INTERNAL_ERROR,
                      "could not cancel a running statement: " + e.getMessage(),
                      e);
                }
              });
      if (registration.ran()) {
        registration.close();
        throw new TablewaveException(ErrorCode.CANCELLED, token.reason());
      }
      return () -> {
        registration.close();
        return registration.ran();
      };
    };
  }
}
