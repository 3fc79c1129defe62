package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A statement the user holds (plain, prepared or callable). It counts the statements added to the
 * batch, answers an empty {@code executeBatch()} without a round trip, and turns batch failures
 * into {@link java.sql.BatchUpdateException}s with per-statement counts. As a {@link
 * TablewaveStatement} it keeps the batch its latest execution submitted, reports it as a warning,
 * and follows it for a progress listener.
 */
final class StatementHandler extends ForwardingHandler {
  private static final Duration SHORTEST_PROGRESS_INTERVAL = Duration.ofMillis(10);

  private final ConnectionHandler owner;
  private int batchSize;
  private final LastBatch lastBatch = new LastBatch();
  private ProgressListener listener;
  private Duration progressInterval = TablewaveStatement.DEFAULT_PROGRESS_INTERVAL;

  StatementHandler(Statement avatica, ConnectionHandler owner) {
    super(avatica);
    this.owner = requireNonNull(owner, "owner is null");
  }

  @Override
  ConnectionHandler owner() {
    return owner;
  }

  @Override
  Object handle(Object self, Method method, Object[] arguments) throws SQLException {
    switch (method.getName()) {
      case "getConnection":
        forward(method, arguments);
        return owner.proxy();
      case "addBatch":
        forward(method, arguments);
        batchSize++;
        return null;
      case "clearBatch":
        forward(method, arguments);
        batchSize = 0;
        return null;
      case "executeBatch":
      case "executeLargeBatch":
        return executeBatch(method, arguments);
      case "execute":
      case "executeUpdate":
      case "executeLargeUpdate":
      case "executeQuery":
        owner.applyQueryTimeout(((Statement) target).getQueryTimeout());
        return submit(method, arguments, e -> BatchFailures.forBatchEnd(e, owner.avatica()));
      case "lastBatchId":
        checkOpen();
        return lastBatch.batchId();
      case "onProgress":
        checkOpen();
        setProgressListener(
            (ProgressListener) arguments[0],
            arguments.length > 1
                ? (Duration) arguments[1]
                : TablewaveStatement.DEFAULT_PROGRESS_INTERVAL);
        return null;
      case "getWarnings":
        forward(method, arguments);
        return lastBatch.warnings();
      case "clearWarnings":
        forward(method, arguments);
        lastBatch.clearWarnings();
        return null;
      case "cancel":
        // Avatica's cancel() waits for a running execute() to return, so the server hears first.
        owner.cancelRunningBatch();
        forward(method, arguments);
        return null;
      case "close":
        return arguments.length == 0
            ? closeTolerantly(method, arguments)
            : forward(method, arguments);
      default:
        return forward(method, arguments);
    }
  }

  @Override
  Object wrapResult(Object proxy, Object result) {
    return owner.wrap(result, (Statement) proxy);
  }

  private Object executeBatch(Method method, Object[] arguments) throws SQLException {
    boolean large = method.getName().equals("executeLargeBatch");
    int statements = batchSize;
    if (statements == 0) {
      // Still fails on a closed statement, as JDBC requires, but without asking the server.
      if (((Statement) target).isClosed()) {
        throw new SQLException("Statement closed", "HY010");
      }
      return large ? new long[0] : new int[0];
    }
    owner.applyQueryTimeout(((Statement) target).getQueryTimeout());
    try {
      return submit(
          method, arguments, e -> BatchFailures.forExecuteBatch(e, owner.avatica(), statements));
    } finally {
      batchSize = 0;
    }
  }

  /**
   * Runs an execution that may submit a batch: clears the warnings, follows the batch for the
   * progress listener (not for {@code executeQuery}, which never submits one), and keeps the batch
   * the server reports.
   */
  private Object submit(Method method, Object[] arguments, FailureMapping failures)
      throws SQLException {
    ProgressListener following;
    Duration interval;
    lastBatch.reset();
    synchronized (this) {
      following = method.getName().equals("executeQuery") ? null : listener;
      interval = progressInterval;
    }
    ProgressWatch watch =
        following == null ? null : ProgressWatch.start(owner, following, interval);
    OptionalLong submitted = OptionalLong.empty();
    BatchReports reports = owner.reports();
    reports.clear();
    try {
      Object result = forward(method, arguments);
      Optional<BatchReport> report = reports.take();
      if (report.isPresent()) {
        submitted = OptionalLong.of(report.get().batchId());
        lastBatch.addWarning(new BatchWarning(report.get().summary()));
      }
      return result;
    } catch (SQLException e) {
      submitted = BatchFailures.partialBatchId(e);
      throw failures.map(e);
    } finally {
      if (submitted.isPresent()) {
        lastBatch.submitted(submitted.getAsLong());
        owner.batchSubmitted(submitted.getAsLong());
      }
      if (watch != null) {
        watch.finish(submitted).forEach(lastBatch::addWarning);
      }
    }
  }

  private synchronized void setProgressListener(ProgressListener newListener, Duration interval)
      throws SQLException {
    if (interval == null || interval.compareTo(SHORTEST_PROGRESS_INTERVAL) < 0) {
      throw new SQLException(
          "the progress interval must be at least "
              + SHORTEST_PROGRESS_INTERVAL.toMillis()
              + " ms, got "
              + interval,
          "HY024");
    }
    listener = newListener;
    progressInterval = interval;
  }

  private void checkOpen() throws SQLException {
    if (((Statement) target).isClosed()) {
      throw new SQLException("Statement closed", "HY010");
    }
  }

  /** What an execution throws for the {@link SQLException} Avatica threw. */
  @FunctionalInterface
  private interface FailureMapping {
    SQLException map(SQLException e);
  }
}
