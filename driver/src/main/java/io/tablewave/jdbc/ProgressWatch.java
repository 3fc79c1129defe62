package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Follows the batch one statement execution submits, for its {@link ProgressListener}: a driver
 * thread reads {@code SYS.PROGRESS} of the connection's running batch every interval over the
 * connection's progress connection (whose {@code SYS.MY_BATCHES} shows the submitting connection's
 * batches), and {@link #finish} reads the batch's outcome once the submitting call has returned.
 * Problems (the listener threw, progress could not be read) end the events and come back from
 * {@link #finish} as warnings.
 */
final class ProgressWatch {
  /**
   * Per status of the tables of this connection's running batch: how many, their rows and current
   * rates.
   */
  private static final String LIVE =
      "SELECT b.BATCH_ID, b.STATUS, p.STATUS, COUNT(*), SUM(p.ROWS_LOADED),"
          + " SUM(p.ROWS_PER_SECOND), MAX(b.TABLE_COUNT)"
          + " FROM SYS.MY_BATCHES b JOIN SYS.PROGRESS p ON p.BATCH_ID = b.BATCH_ID"
          + " WHERE b.STATUS IN ('PLANNED', 'RUNNING')"
          + " GROUP BY b.BATCH_ID, b.STATUS, p.STATUS";

  /** Per status of the tables of one batch: how many and their rows, with the batch's status. */
  private static final String FINAL =
      "SELECT b.BATCH_ID, b.STATUS, t.STATUS, COUNT(*), SUM(t.ROWS_LOADED),"
          + " CAST(NULL AS DOUBLE), MAX(b.TABLE_COUNT)"
          + " FROM SYS.BATCHES b JOIN SYS.BATCH_TABLES t ON t.BATCH_ID = b.BATCH_ID"
          + " WHERE b.BATCH_ID = ? GROUP BY b.BATCH_ID, b.STATUS, t.STATUS";

  private final ConnectionHandler owner;
  private final ProgressListener listener;
  private final Duration interval;
  private final long startedNanos = System.nanoTime();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<SQLWarning> problems = new ArrayList<>();
  private final Thread poller;
  private long batchId = -1;
  private boolean listenerFailed;

  private ProgressWatch(ConnectionHandler owner, ProgressListener listener, Duration interval) {
    this.owner = requireNonNull(owner, "owner is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.interval = requireNonNull(interval, "interval is null");
    this.poller = new Thread(this::poll, "tablewave-progress");
    poller.setDaemon(true);
  }

  /** Starts following the batch the statement is about to submit. */
  static ProgressWatch start(
      ConnectionHandler owner, ProgressListener listener, Duration interval) {
    ProgressWatch watch = new ProgressWatch(owner, listener, interval);
    watch.poller.start();
    return watch;
  }

  /**
   * Stops the live events and, when the submission started batch {@code submitted}, gives the
   * listener the batch's final event on this thread.
   *
   * @return what went wrong with the events, as warnings for the statement
   */
  List<SQLWarning> finish(OptionalLong submitted) {
    stopped.countDown();
    try {
      poller.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      if (submitted.isPresent() && !listenerFailed) {
        try {
          Counts counts = read(FINAL, submitted.getAsLong());
          if (counts != null) {
            deliver(counts.progress(owner, elapsed(), true));
          }
        } catch (SQLException | RuntimeException e) {
          problem(
              "could not read the outcome of batch "
                  + submitted.getAsLong()
                  + " for the progress"
                  + " listener: "
                  + e.getMessage(),
              e);
        }
      }
      return List.copyOf(problems);
    }
  }

  private void poll() {
    try {
      while (!stopped.await(interval.toMillis(), TimeUnit.MILLISECONDS)) {
        synchronized (this) {
          if (listenerFailed || stopped.getCount() == 0) {
            return;
          }
          Counts counts = read(LIVE, -1);
          // A session runs one batch at a time: once seen, the events follow that batch only.
          if (counts != null && (batchId < 0 || counts.batchId == batchId)) {
            batchId = counts.batchId;
            deliver(counts.progress(owner, elapsed(), false));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (SQLException | RuntimeException e) {
      synchronized (this) {
        problem(
            "progress of the running batch could not be read; no more progress events: "
                + e.getMessage(),
            e);
      }
    }
  }

  private Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  private void deliver(BatchProgress progress) {
    if (listenerFailed) {
      return;
    }
    try {
      listener.onProgress(progress);
    } catch (RuntimeException | Error e) {
      listenerFailed = true;
      problem(
          "the progress listener threw "
              + e
              + "; it gets no more events of batch "
              + progress.batchId(),
          e);
    }
  }

  private void problem(String message, Throwable cause) {
    problems.add(new SQLWarning(message, "01000", 0, cause));
  }

  /** The newest batch's counts from {@code query}, or null when it returns no rows. */
  private Counts read(String query, long batch) throws SQLException {
    Connection connection = owner.progressConnection();
    Counts counts = null;
    synchronized (connection) {
      try (PreparedStatement statement = connection.prepareStatement(query)) {
        if (batch >= 0) {
          statement.setLong(1, batch);
        }
        try (ResultSet rows = statement.executeQuery()) {
          while (rows.next()) {
            long id = rows.getLong(1);
            if (counts == null || id > counts.batchId) {
              counts = new Counts(id, rows.getString(2), rows.getInt(7));
            }
            if (id == counts.batchId) {
              counts.add(rows.getString(3), rows.getInt(4), rows.getLong(5), rows.getDouble(6));
            }
          }
        }
      }
    }
    return counts;
  }

  /** The tables of one batch by status, added up. */
  private static final class Counts {
    final long batchId;
    final String status;
    final int tables;
    int done;
    int loading;
    int failed;
    int skipped;
    long rows;
    double rate;

    Counts(long batchId, String status, int tables) {
      this.batchId = batchId;
      this.status = status;
      this.tables = tables;
    }

    void add(String tableStatus, int count, long tableRows, double tableRates) {
      switch (tableStatus) {
        case "PENDING" -> {}
        case "LOADING" -> {
          loading += count;
          rows += tableRows;
          rate += tableRates;
        }
        case "FAILED" -> {
          done += count;
          failed += count;
        }
        case "SKIPPED", "CANCELLED" -> {
          done += count;
          skipped += count;
        }
        default -> {
          // SUCCEEDED and any other final state of a table that is there to read
          done += count;
          rows += tableRows;
        }
      }
    }

    BatchProgress progress(ConnectionHandler owner, Duration elapsed, boolean finished) {
      double perSecond = finished ? (elapsed.isZero() ? 0 : rows * 1e9 / elapsed.toNanos()) : rate;
      return new BatchProgress(
          batchId,
          status,
          tables,
          done,
          loading,
          failed,
          skipped,
          rows,
          perSecond,
          elapsed,
          BatchProgress.page(owner.url().serverUrl(), batchId),
          finished);
    }
  }
}
