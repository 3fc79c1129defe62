package io.tablewave.examples;

import io.tablewave.jdbc.BatchProgress;
import io.tablewave.jdbc.TablewaveStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Runs a script as one batch and draws a progress bar while it runs, from the progress listener the
 * driver feeds ({@link TablewaveStatement#onProgress}); the batch id comes from {@link
 * TablewaveStatement#lastBatchId()}.
 *
 * <pre>
 * java -cp examples/target/tablewave-examples.jar io.tablewave.examples.ProgressBarApp [JDBC URL] [SCRIPT]
 * </pre>
 *
 * Without a script it runs the 20-table demo pipeline ({@code examples/sql/demo-pipeline.sql}).
 */
public final class ProgressBarApp {
  private static final int BAR_WIDTH = 30;

  private ProgressBarApp() {}

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
  static long run(String url, String script, PrintStream out) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      TablewaveStatement tablewave = statement.unwrap(TablewaveStatement.class);
      String[] lastBar = {""};
      tablewave.onProgress(
          progress -> {
            if (lastBar[0].isEmpty()) {
              out.println("batch " + progress.batchId() + ": " + progress.page());
            }
            String bar = bar(progress);
            if (!bar.equals(lastBar[0])) {
              out.println(bar);
              lastBar[0] = bar;
            }
          });
      try {
        statement.execute(script);
        out.println(statement.getWarnings().getMessage());
      } catch (SQLException e) {
        out.println("ended with errors: " + e.getMessage());
        if (tablewave.lastBatchId().isEmpty()) {
          throw e;
        }
      }
      return tablewave.lastBatchId().orElseThrow();
    }
  }

  /** {@code [#########.....................] 6/20 tables 31,204 rows 52,113 rows/s}. */
  static String bar(BatchProgress progress) {
    int filled = progress.tables() == 0 ? 0 : BAR_WIDTH * progress.tablesDone() / progress.tables();
    return String.format(
        Locale.ROOT,
        "[%s%s] %3d/%d tables %,12d rows %,12.0f rows/s",
        "#".repeat(filled),
        ".".repeat(BAR_WIDTH - filled),
        progress.tablesDone(),
        progress.tables(),
        progress.rowsLoaded(),
        progress.rowsPerSecond());
  }
}
