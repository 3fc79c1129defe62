package io.tablewave.server;

import static java.util.Objects.requireNonNull;

import io.tablewave.sql.Durations;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The server's settings, resolved from command-line options, then environment variables, then the
 * {@code --config} file, then defaults (earlier wins).
 */
public final class ServerConfig {
  private final Map<ServerOption, String> values;

  private ServerConfig(Map<ServerOption, String> values) {
    this.values = Map.copyOf(values);
  }

  public static ServerConfig fromArgs(String[] args, Map<String, String> environment) {
    Map<ServerOption, String> fromArgs = parseArgs(args);
    Map<ServerOption, String> fromEnv = new EnumMap<>(ServerOption.class);
    for (ServerOption option : ServerOption.values()) {
      String value = environment.get(option.environmentVariable());
      if (value != null) {
        fromEnv.put(option, value);
      }
    }
    String configFile =
        Optional.ofNullable(fromArgs.get(ServerOption.CONFIG))
            .orElse(fromEnv.get(ServerOption.CONFIG));
    Map<ServerOption, String> fromFile =
        configFile == null ? Map.of() : readFile(Path.of(configFile));
    Map<ServerOption, String> merged = new EnumMap<>(ServerOption.class);
    for (ServerOption option : ServerOption.values()) {
      String value =
          fromArgs.containsKey(option)
              ? fromArgs.get(option)
              : fromEnv.containsKey(option)
                  ? fromEnv.get(option)
                  : fromFile.containsKey(option) ? fromFile.get(option) : option.defaultValue();
      if (value != null) {
        merged.put(option, value);
      }
    }
    ServerConfig config = new ServerConfig(merged);
    config.validate();
    return config;
  }

  /** A configuration from explicit values, the rest defaults; for embedding and tests. */
  public static ServerConfig of(Map<ServerOption, String> given) {
    Map<ServerOption, String> merged = new EnumMap<>(ServerOption.class);
    for (ServerOption option : ServerOption.values()) {
      String value = given.containsKey(option) ? given.get(option) : option.defaultValue();
      if (value != null) {
        merged.put(option, value);
      }
    }
    ServerConfig config = new ServerConfig(merged);
    config.validate();
    return config;
  }

  private static Map<ServerOption, String> parseArgs(String[] args) {
    Map<ServerOption, String> values = new EnumMap<>(ServerOption.class);
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException(
            "unexpected argument '" + arg + "': options look like --port 8765; " + "see --help");
      }
      String name = arg.substring(2);
      String inlineValue = null;
      int equals = name.indexOf('=');
      if (equals >= 0) {
        inlineValue = name.substring(equals + 1);
        name = name.substring(0, equals);
      }
      ServerOption option = ServerOption.fromKey(name);
      if (option == null) {
        throw new IllegalArgumentException(
            "unknown option --" + name + "; known options: " + knownOptions());
      }
      if (option.isFlag()) {
        values.put(option, inlineValue == null ? "true" : inlineValue);
      } else if (inlineValue != null) {
        values.put(option, inlineValue);
      } else {
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(
              "option --" + name + " needs a value: " + option.description());
        }
        values.put(option, args[++i]);
      }
    }
    return values;
  }

  private static Map<ServerOption, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read the config file " + file + ": " + e.getMessage(), e);
    }
    Map<ServerOption, String> values = new EnumMap<>(ServerOption.class);
    for (String name : properties.stringPropertyNames()) {
      ServerOption option = ServerOption.fromKey(name);
      if (option == null) {
        throw new IllegalArgumentException(
            "unknown option '" + name + "' in " + file + "; known options: " + knownOptions());
      }
      values.put(option, properties.getProperty(name).strip());
    }
    return values;
  }

  private static String knownOptions() {
    return List.of(ServerOption.values()).stream()
        .map(o -> "--" + o.key())
        .collect(Collectors.joining(", "));
  }

  private void validate() {
    continuousHistoryRows();
    continuousHistoryAge();
    port();
    workers();
    maxTables();
    metricsPort();
    demoKafkaPort();
    ui();
  }

  public String get(ServerOption option) {
    return values.get(requireNonNull(option, "option is null"));
  }

  public int port() {
    return integer(ServerOption.PORT, 0, 65535);
  }

  public String bind() {
    return get(ServerOption.BIND);
  }

  public int workers() {
    String value = get(ServerOption.WORKERS);
    return value == null
        ? Math.max(2, Runtime.getRuntime().availableProcessors())
        : integer(ServerOption.WORKERS, 1, 10_000);
  }

  /** The most rows of {@code SYS.CONTINUOUS_REFRESHES} kept. */
  public int continuousHistoryRows() {
    return integer(ServerOption.CONTINUOUS_HISTORY_ROWS, 1, 10_000_000);
  }

  /** How old a row of {@code SYS.CONTINUOUS_REFRESHES} may get before it is removed. */
  public Duration continuousHistoryAge() {
    String value = get(ServerOption.CONTINUOUS_HISTORY_AGE);
    return Durations.parse(value)
        .filter(d -> !d.isZero())
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "option --"
                        + ServerOption.CONTINUOUS_HISTORY_AGE.key()
                        + " must be "
                        + Durations.ALLOWED
                        + ", more than zero, got '"
                        + value
                        + "'"));
  }

  public int maxTables() {
    return integer(ServerOption.MAX_TABLES, 1, Integer.MAX_VALUE);
  }

  public boolean demo() {
    return Boolean.parseBoolean(get(ServerOption.DEMO));
  }

  /** The port of the metrics endpoint (0: a free one); empty when metrics are off. */
  public OptionalInt metricsPort() {
    return get(ServerOption.METRICS_PORT) == null
        ? OptionalInt.empty()
        : OptionalInt.of(integer(ServerOption.METRICS_PORT, 0, 65535));
  }

  public int demoKafkaPort() {
    return integer(ServerOption.DEMO_KAFKA_PORT, 0, 65535);
  }

  /** Whether the live page and its API are served. */
  public boolean ui() {
    String value = get(ServerOption.UI).strip();
    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException("option --ui must be true or false, got '" + value + "'");
    }
    return Boolean.parseBoolean(value);
  }

  public boolean insecure() {
    return Boolean.parseBoolean(get(ServerOption.INSECURE));
  }

  public Path dataDir() {
    return Path.of(get(ServerOption.DATA_DIR));
  }

  private int integer(ServerOption option, int min, int max) {
    String value = get(option);
    try {
      int number = Integer.parseInt(value.strip());
      if (number < min || number > max) {
        throw new NumberFormatException();
      }
      return number;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "option --"
              + option.key()
              + " must be an integer from "
              + min
              + " to "
              + max
              + ", got '"
              + value
              + "'");
    }
  }

  /** The settings as name/value pairs with secrets masked. */
  public Map<String, String> describe() {
    Map<String, String> shown = new java.util.LinkedHashMap<>();
    for (ServerOption option : ServerOption.values()) {
      String value = values.get(option);
      if (value != null) {
        shown.put(option.key(), option.isSecret() ? "********" : value);
      }
    }
    return shown;
  }
}
