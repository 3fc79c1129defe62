package io.tablewave.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * The arguments of {@code tablewave-sql}. Everything it does not know is passed on to sqlline.
 *
 * @param url the server's JDBC URL
 * @param user the user name, or null to connect without credentials
 * @param password the password, or null
 * @param script the script to submit as one batch ({@code -f}), or empty for the interactive shell
 * @param progress whether a script run prints progress lines while the batch runs
 * @param sqllineArguments the arguments sqlline gets
 */
record CommandLine(
    String url,
    String user,
    String password,
    Optional<Path> script,
    boolean progress,
    List<String> sqllineArguments) {
  static final String DEFAULT_URL = "jdbc:tablewave://localhost:8765";

  /** Table width when output goes to a pipe and COLUMNS is not set. */
  static final int PIPE_WIDTH = 1000;

  static final String USAGE =
      String.join(
          "\n",
          "Usage: tablewave-sql [-u URL] [-n USER] [-p PASSWORD] [-f SCRIPT [--no-progress]] [sqlline options]",
          "",
          "  -u URL          server to connect to (default " + DEFAULT_URL + ")",
          "  -n USER         user name, when the server has a users file",
          "  -p PASSWORD     password of that user",
          "  -f SCRIPT       submit the statements of SCRIPT as one batch, print progress while it",
          "                  runs and a result line per table; exits 0 when every table loaded",
          "  --no-progress   with -f: print only the result",
          "",
          "Without -f, starts sqlline connected to the server; other options are sqlline's",
          "(for example --run=FILE, -e SQL, --outputformat=csv).");

  CommandLine {
    sqllineArguments = List.copyOf(sqllineArguments);
  }

  static CommandLine parse(String... arguments) {
    String url = DEFAULT_URL;
    String user = null;
    String password = null;
    Path script = null;
    boolean progress = true;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < arguments.length; i++) {
      String argument = arguments[i];
      switch (argument) {
        case "-u" -> url = value(arguments, ++i, argument);
        case "-n" -> user = value(arguments, ++i, argument);
        case "-p" -> password = value(arguments, ++i, argument);
        case "-f" -> script = Path.of(value(arguments, ++i, argument));
        case "--no-progress" -> progress = false;
        default -> rest.add(argument);
      }
    }
    return new CommandLine(url, user, password, Optional.ofNullable(script), progress, rest);
  }

  private static String value(String[] arguments, int index, String option) {
    if (index >= arguments.length) {
      throw new IllegalArgumentException(option + " needs a value\n\n" + USAGE);
    }
    return arguments[index];
  }

  /** The connection properties the driver gets. */
  Properties connectionProperties() {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return properties;
  }

  /**
   * sqlline's arguments: our driver and URL first, then the isolation level Tablewave has (sqlline
   * would otherwise ask for repeatable read and warn on every connection), then a table width when
   * there is no terminal to tell one (a pipe: sqlline would print every column blank), then the
   * user's own options, which win.
   *
   * @param terminal whether the shell runs on a terminal, which tells sqlline its width
   * @param columns the {@code COLUMNS} environment variable, or null
   */
  List<String> sqllineCommand(boolean terminal, String columns) {
    List<String> command = new ArrayList<>(List.of("-d", "io.tablewave.jdbc.Driver", "-u", url));
    command.add("-n");
    command.add(user == null ? "" : user);
    command.add("-p");
    command.add(password == null ? "" : password);
    if (!hasOption("--isolation")) {
      command.add("--isolation=TRANSACTION_READ_COMMITTED");
    }
    if (!terminal && !hasOption("--maxWidth")) {
      command.add("--maxWidth=" + pipeWidth(columns));
    }
    command.addAll(sqllineArguments);
    return command;
  }

  /**
   * The width of tables written to a pipe: {@code COLUMNS} when set, else wide enough for most
   * rows.
   */
  static int pipeWidth(String columns) {
    try {
      int width = columns == null ? 0 : Integer.parseInt(columns.strip());
      return width > 0 ? width : PIPE_WIDTH;
    } catch (NumberFormatException e) {
      return PIPE_WIDTH;
    }
  }

  private boolean hasOption(String name) {
    return sqllineArguments.stream().anyMatch(a -> a.equals(name) || a.startsWith(name + "="));
  }
}
