package io.tablewave.server;

import io.tablewave.error.Messages;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar tablewave-server.jar [options]}: starts the server and serves until stopped. A
 * start that fails for a reason the user can fix prints one line {@code tablewave: ...} to standard
 * error and exits with the status of {@link StartupFailure.Reason}; the stack trace is logged at
 * DEBUG only.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      printHelp();
      return;
    }
    TablewaveServer server;
    try {
      ServerConfig config;
      try {
        config = ServerConfig.fromArgs(args, Map.copyOf(System.getenv()));
      } catch (IllegalArgumentException e) {
        throw new StartupFailure(StartupFailure.Reason.BAD_OPTION, e.getMessage(), e);
      }
      server = TablewaveServer.start(config);
    } catch (StartupFailure e) {
      LOG.debug("the server could not start ({})", e.reason(), e);
      System.err.println("tablewave: " + e.getMessage());
      System.exit(e.reason().exitStatus());
      return;
    } catch (RuntimeException e) {
      LOG.error("the server could not start", e);
      System.err.println("tablewave: the server could not start: " + Messages.describe(e));
      System.exit(StartupFailure.UNEXPECTED_EXIT_STATUS);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tablewave-shutdown"));
    System.out.println("Tablewave is ready: connect with " + server.jdbcUrl());
    server.join();
  }

  private static void printHelp() {
    System.out.println("Usage: java -jar tablewave-server.jar [options]");
    for (ServerOption option : ServerOption.values()) {
      String flag = option.isFlag() ? "--" + option.key() : "--" + option.key() + " VALUE";
      String defaults =
          option.defaultValue() == null ? "" : " (default: " + option.defaultValue() + ")";
      System.out.printf("  %-32s %s%s%n", flag, option.description(), defaults);
    }
    System.out.println(
        "Every option can also come from --config FILE (name=value) or TABLEWAVE_NAME variables.");
    System.out.println(
        "A start that fails prints one line 'tablewave: ...' and exits with a status per kind of"
            + " problem (docs/operations.md).");
  }
}
