package io.tablewave.cli;

import io.tablewave.jdbc.BatchProgress;
import io.tablewave.jdbc.ProgressListener;
import io.tablewave.jdbc.TablewaveConnection;
import io.tablewave.jdbc.TablewaveStatement;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Submits a script as one batch, prints the batch's page address and progress while it runs (from
 * the driver's progress listener), then one result row per table. Ctrl-C cancels the batch on the
 * server.
 */
final class ScriptRunner {
  private static final Duration QUIET_PROGRESS = Duration.ofSeconds(2);
  private static final String TABLES =
      "SELECT TABLE_NAME, WAVE, STATUS, ROWS_LOADED, STARTED_AT, FINISHED_AT,"
          + " ERROR_MESSAGE, SKIPPED_BECAUSE FROM SYS.BATCH_TABLES WHERE BATCH_ID = ? ORDER BY STATEMENT_INDEX";
  private static final String BATCH =
      "SELECT STATUS, TABLE_COUNT, SUCCEEDED, FAILED, SKIPPED, SUBMITTED_AT,"
          + " FINISHED_AT FROM SYS.BATCHES WHERE BATCH_ID = ?";

  private final ConnectionSource connections;
  private final PrintStream out;
  private final PrintStream err;
  private final Duration progressInterval;

  /**
   * @param progressInterval how often progress is read while the batch runs, or null for no
   *     progress lines
   */
  ScriptRunner(
      ConnectionSource connections, PrintStream out, PrintStream err, Duration progressInterval) {
    this.connections = connections;
    this.out = out;
    this.err = err;
    this.progressInterval = progressInterval;
  }

  /** Runs the script; 0 when every table loaded, 1 otherwise. */
  int run(String script) {
    try (Connection connection = connections.open()) {
      List<PlannedTable> plan = PlannedTable.explain(connection, script);
      if (plan.isEmpty()) {
        return runWithoutTables(connection, script);
      }
      int waves = plan.stream().mapToInt(PlannedTable::wave).max().orElse(0);
      err.printf(Locale.ROOT, "Submitting %d tables in %d waves%n", plan.size(), waves);
      Submission submission = submit(connection, script);
      if (submission.batchId().isEmpty()) {
        // refused at planning: nothing ran, the server's message says why
        err.println(
            submission
                .failure()
                .map(SQLException::getMessage)
                .orElse("the server registered no batch"));
        return 1;
      }
      long batchId = submission.batchId().getAsLong();
      if (!submission.pageShown()) {
        err.println(pageLine(batchId, submission.page()));
      }
      return report(connection, batchId);
    } catch (SQLException e) {
      err.println(e.getMessage());
      return 1;
    }
  }

  private int runWithoutTables(Connection connection, String script) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(script);
      err.println("OK");
      return 0;
    }
  }

  /** What submitting the script gave: the batch, if one was registered, and the failure, if any. */
  private record Submission(
      OptionalLong batchId, Optional<SQLException> failure, boolean pageShown, String page) {}

  private Submission submit(Connection connection, String script) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      TablewaveStatement tablewave = statement.unwrap(TablewaveStatement.class);
      ProgressPrinter printer = new ProgressPrinter();
      if (progressInterval != null) {
        tablewave.onProgress(printer, progressInterval);
      }
      Thread cancelOnInterrupt = new Thread(() -> cancelQuietly(statement), "tablewave-sql-cancel");
      Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
      Optional<SQLException> failure = Optional.empty();
      try {
        statement.execute(script);
      } catch (SQLException e) {
        failure = Optional.of(e);
      } finally {
        Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
      }
      for (SQLWarning warning = statement.getWarnings();
          warning != null;
          warning = warning.getNextWarning()) {
        if (!warning.getMessage().startsWith("batch ")) {
          err.println("warning: " + warning.getMessage());
        }
      }
      OptionalLong batchId = tablewave.lastBatchId();
      String page = batchId.isPresent() ? pageAddress(connection, batchId.getAsLong()) : "";
      return new Submission(batchId, failure, printer.pageShown, page);
    }
  }

  private static String pageAddress(Connection connection, long batchId) throws SQLException {
    return connection.unwrap(TablewaveConnection.class).batchPage(batchId).toString();
  }

  private static String pageLine(long batchId, String page) {
    return "batch " + batchId + ": " + page;
  }

  /**
   * Prints the page address with the first event, then a progress line when something changed (or
   * every 2 s).
   */
  private final class ProgressPrinter implements ProgressListener {
    private boolean pageShown;
    private String shown = "";
    private long shownAt;

    @Override
    public void onProgress(BatchProgress progress) {
      if (!pageShown) {
        err.println(pageLine(progress.batchId(), progress.page().toString()));
        pageShown = true;
      }
      if (progress.finished()) {
        return;
      }
      String state = progress.tablesDone() + "/" + progress.tablesLoading();
      if (!state.equals(shown) || System.nanoTime() - shownAt > QUIET_PROGRESS.toNanos()) {
        err.println(progress.describe());
        shown = state;
        shownAt = System.nanoTime();
      }
    }
  }

  private int report(Connection connection, long batchId) throws SQLException {
    TextTable table =
        new TextTable(List.of("TABLE", "WAVE", "STATUS", "ROWS", "SECONDS", "DETAIL"));
    long rows = 0;
    try (PreparedStatement statement = connection.prepareStatement(TABLES)) {
      statement.setLong(1, batchId);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          long loaded = result.getLong("ROWS_LOADED");
          rows += loaded;
          String skippedBecause = result.getString("SKIPPED_BECAUSE");
          String detail =
              skippedBecause != null
                  ? "skipped: " + skippedBecause + " failed"
                  : result.getString("ERROR_MESSAGE");
          table.add(
              List.of(
                  result.getString("TABLE_NAME"),
                  String.valueOf(result.getInt("WAVE")),
                  result.getString("STATUS"),
                  String.format(Locale.ROOT, "%,d", loaded),
                  seconds(result.getTimestamp("STARTED_AT"), result.getTimestamp("FINISHED_AT")),
                  detail == null ? "" : detail.lines().findFirst().orElse("")));
        }
      }
    }
    out.print(table.render());
    try (PreparedStatement statement = connection.prepareStatement(BATCH)) {
      statement.setLong(1, batchId);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        String status = result.getString("STATUS");
        out.printf(
            Locale.ROOT,
            "batch %d %s: %d tables, %d succeeded, %d failed, %d skipped, %,d rows in %s s%n",
            batchId,
            status,
            result.getInt("TABLE_COUNT"),
            result.getInt("SUCCEEDED"),
            result.getInt("FAILED"),
            result.getInt("SKIPPED"),
            rows,
            seconds(result.getTimestamp("SUBMITTED_AT"), result.getTimestamp("FINISHED_AT")));
        return "SUCCEEDED".equals(status) ? 0 : 1;
      }
    }
  }

  private static String seconds(Timestamp start, Timestamp end) {
    if (start == null || end == null) {
      return "";
    }
    return String.format(Locale.ROOT, "%.2f", (end.getTime() - start.getTime()) / 1000.0);
  }

  private void cancelQuietly(Statement statement) {
    try {
      statement.cancel();
      err.println("cancelled the batch");
    } catch (SQLException e) {
      err.println("could not cancel the batch: " + e.getMessage());
    }
  }
}
