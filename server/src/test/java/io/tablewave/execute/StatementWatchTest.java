package io.tablewave.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.store.Store;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** Cancelling a statement of a real DuckDB database through its watch. */
class StatementWatchTest {
  /** A trillion rows: hours of DuckDB's work. */
  private static final String HEAVY =
      "SELECT SUM(a.range * b.range) FROM range(1000000) a, range(1000000) b";

  @Test
  void aCancelThatComesBeforeTheStatementStartsStillStopsIt() throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      CancellationToken token = new CancellationToken();
      Store.Watch watch = StatementWatch.of(token).apply(statement);
      // DuckDB's driver ignores a cancel of a statement it has not started.
      token.cancel("stopped before it started");
      CompletableFuture<Boolean> run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return statement.execute(HEAVY);
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      try {
        assertThatThrownBy(() -> run.get(10, TimeUnit.SECONDS))
            .as("the statement ends, interrupted, well before its work would")
            .isInstanceOf(ExecutionException.class)
            .hasMessageContaining("INTERRUPT");
      } catch (AssertionError e) {
        if (e.getCause() instanceof TimeoutException || !run.isDone()) {
          statement.cancel();
        }
        throw e;
      } finally {
        assertThat(watch.withdraw()).as("the watch saw the cancel").isTrue();
      }
    }
  }

  @Test
  void aTokenCancelledBeforeTheWatchFailsAtOnce() throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = connection.createStatement()) {
      CancellationToken token = new CancellationToken();
      token.cancel("already stopped");
      assertThatThrownBy(() -> StatementWatch.of(token).apply(statement))
          .hasMessageContaining("already stopped");
    }
  }
}
