package io.tablewave.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import sqlline.SqlLine;

/**
 * {@code tablewave-sql}: sqlline with the Tablewave driver, or, with {@code -f}, a script submitted
 * as one batch with live progress and a per-table result.
 */
public final class TablewaveSql {
  private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

  private TablewaveSql() {}

  public static void main(String[] arguments) throws IOException {
    System.exit(run(arguments, System.out, System.err));
  }

  /** Runs the command and returns its exit status. */
  static int run(String[] arguments, PrintStream out, PrintStream err) throws IOException {
    CommandLine commandLine;
    try {
      commandLine = CommandLine.parse(arguments);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    if (commandLine.sqllineArguments().contains("--help")
        || commandLine.sqllineArguments().contains("-h")) {
      out.println(CommandLine.USAGE);
      return 0;
    }
    if (commandLine.script().isEmpty()) {
      List<String> command =
          commandLine.sqllineCommand(System.console() != null, System.getenv("COLUMNS"));
      SqlLine.Status status = SqlLine.start(command.toArray(String[]::new), null, true);
      return status == SqlLine.Status.OK ? 0 : 1;
    }
    String script;
    try {
      script = Files.readString(commandLine.script().get(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      err.println("tablewave-sql: no such script file: " + commandLine.script().get());
      return 2;
    }
    ScriptRunner runner =
        new ScriptRunner(
            () ->
                DriverManager.getConnection(commandLine.url(), commandLine.connectionProperties()),
            out,
            err,
            commandLine.progress() ? PROGRESS_INTERVAL : null);
    return runner.run(script);
  }
}
