package io.tablewave.server;

import java.util.Map;

/** {@code java -jar tablewave-server.jar [options]}: starts the server and serves until stopped. */
public final class Main {
  private Main() {
  }

  public static void main(String[] args) throws InterruptedException {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      printHelp();
      return;
    }
    ServerConfig config;
    try {
      config = ServerConfig.fromArgs(args, Map.copyOf(System.getenv()));
    } catch (IllegalArgumentException e) {
      System.err.println("tablewave: " + e.getMessage());
      System.exit(2);
      return;
    }
    TablewaveServer server = TablewaveServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "tablewave-shutdown"));
    System.out.println("Tablewave is ready: connect with " + server.jdbcUrl());
    server.join();
  }

  private static void printHelp() {
    System.out.println("Usage: java -jar tablewave-server.jar [options]");
    for (ServerOption option : ServerOption.values()) {
      String flag = option.isFlag() ? "--" + option.key() : "--" + option.key() + " VALUE";
      String defaults = option.defaultValue() == null ? "" : " (default: " + option.defaultValue() + ")";
      System.out.printf("  %-32s %s%s%n", flag, option.description(), defaults);
    }
    System.out.println("Every option can also come from --config FILE (name=value) or TABLEWAVE_NAME variables.");
  }
}
