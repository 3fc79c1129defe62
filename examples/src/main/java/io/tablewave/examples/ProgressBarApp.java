package io.tablewave.examples;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a script as one batch on one connection and, from a second connection, polls {@code SYS.BATCH_TABLES}
 * and {@code SYS.PROGRESS} to draw a progress bar until the batch ends.
 *
 * <pre>java -cp examples/target/tablewave-examples.jar io.tablewave.examples.ProgressBarApp [JDBC URL] [SCRIPT]</pre>
 *
 * Without a script it runs the 20-table demo pipeline ({@code examples/sql/demo-pipeline.sql}).
 */
public final class ProgressBarApp {
  private static final int BAR_WIDTH = 30;
  private static final String TABLE_COUNTS = "SELECT COUNT(*), SUM(CASE WHEN STATUS IN ('SUCCEEDED', 'FAILED',"
      + " 'SKIPPED', 'CANCELLED') THEN 1 ELSE 0 END) FROM SYS.BATCH_TABLES WHERE BATCH_ID = ?";
  private static final String LIVE_ROWS = "SELECT COALESCE(SUM(ROWS_LOADED), 0), COALESCE(SUM(ROWS_PER_SECOND), 0)"
      + " FROM SYS.PROGRESS WHERE BATCH_ID = ?";
  private static final String NEWEST_BATCH = "SELECT COALESCE(MAX(BATCH_ID), 0) FROM SYS.BATCHES";

  private ProgressBarApp() {
  }

  public static void main(String[] arguments) throws Exception {
    String url = arguments.length > 0 ? arguments[0] : "jdbc:tablewave://localhost:8765";
    String script = arguments.length > 1 ? Files.readString(Path.of(arguments[1])) : demoPipeline();
    run(url, script, System.out);
  }

  static String demoPipeline() throws IOException {
    try (InputStream in = ProgressBarApp.class.getResourceAsStream("/demo-pipeline.sql")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Runs the script, drawing the bar on {@code out}; returns the batch id. */
  static long run(String url, String script, PrintStream out) throws Exception {
    try (Connection loader = DriverManager.getConnection(url);
        Connection watcher = DriverManager.getConnection(url)) {
      long newestBefore = single(watcher, NEWEST_BATCH, -1);
      CompletableFuture<Void> batch = CompletableFuture.runAsync(() -> {
        try (Statement statement = loader.createStatement()) {
          statement.execute(script);
        } catch (SQLException e) {
          throw new CompletionException(e);
        }
      });
      long batchId = 0;
      String lastBar = "";
      while (!finished(batch, 250)) {
        if (batchId == 0) {
          long newest = single(watcher, NEWEST_BATCH, -1);
          batchId = newest > newestBefore ? newest : 0;
        }
        if (batchId != 0) {
          String bar = bar(watcher, batchId);
          if (!bar.equals(lastBar)) {
            out.println(bar);
            lastBar = bar;
          }
        }
      }
      if (batchId == 0) {
        batchId = single(watcher, NEWEST_BATCH, -1);
      }
      out.println(bar(watcher, batchId));
      try {
        batch.join();
        out.println("batch " + batchId + " done");
      } catch (CompletionException e) {
        out.println("batch " + batchId + " ended with errors: " + e.getCause().getMessage());
      }
      return batchId;
    }
  }

  private static boolean finished(CompletableFuture<Void> batch, long waitMillis) throws InterruptedException {
    try {
      batch.get(waitMillis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }

  /** {@code [#########.....................]  6/20 tables   31,204 rows   52,113 rows/s}. */
  static String bar(Connection connection, long batchId) throws SQLException {
    long total;
    long done;
    long rows;
    double rate;
    try (PreparedStatement counts = connection.prepareStatement(TABLE_COUNTS);
        PreparedStatement live = connection.prepareStatement(LIVE_ROWS)) {
      counts.setLong(1, batchId);
      try (ResultSet result = counts.executeQuery()) {
        result.next();
        total = result.getLong(1);
        done = result.getLong(2);
      }
      live.setLong(1, batchId);
      try (ResultSet result = live.executeQuery()) {
        result.next();
        rows = result.getLong(1);
        rate = result.getDouble(2);
      }
    }
    int filled = total == 0 ? 0 : (int) (BAR_WIDTH * done / total);
    return String.format(Locale.ROOT, "[%s%s] %3d/%d tables %,12d rows %,12.0f rows/s", "#".repeat(filled),
        ".".repeat(BAR_WIDTH - filled), done, total, rows, rate);
  }

  private static long single(Connection connection, String sql, long otherwise) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      return result.next() ? result.getLong(1) : otherwise;
    }
  }
}
