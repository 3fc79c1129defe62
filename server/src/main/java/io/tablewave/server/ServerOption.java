package io.tablewave.server;

import java.util.Locale;

/**
 * Every server option, with its default and what it does. Each is given as {@code --name value} on
 * the command line, as {@code name=value} in the file of {@code --config}, or as the environment
 * variable {@code TABLEWAVE_NAME} (upper case, {@code -} as {@code _}).
 */
public enum ServerOption {
  PORT("port", "8765", "HTTP port of the Avatica endpoint; 0 picks a free port"),
  BIND("bind", "127.0.0.1", "address to listen on"),
  STORE_URL(
      "store-url",
      null,
      "JDBC URL of the store (jdbc:duckdb:, jdbc:h2:, jdbc:postgresql:, jdbc:trino:);"
          + " default: a DuckDB file under --data-dir"),
  STORE_USER("store-user", null, "user for the store"),
  REGISTRY_URL(
      "registry-url",
      null,
      "JDBC URL of the database that holds the registry (jdbc:duckdb:, jdbc:h2:, jdbc:postgresql:);"
          + " default: the store itself, or with a Trino store a DuckDB file under --data-dir"),
  STORE_PASSWORD("store-password", null, "password for the store (never shown)"),
  STORE_MEMORY("store-memory", "2GB", "DuckDB memory limit"),
  DATA_DIR("data-dir", "./data", "directory of the default DuckDB store"),
  KAFKA_BOOTSTRAP(
      "kafka-bootstrap", null, "default Kafka cluster for kafka sources, HOST:PORT[,...]"),
  WORKERS("workers", null, "server-wide load workers; default: number of cores, at least 2"),
  MAX_TABLES("max-tables", "10000", "registry capacity: the most tables PUBLIC may hold"),
  DEMO("demo", "false", "also start an embedded Kafka broker with demo topics"),
  DEMO_KAFKA_PORT(
      "demo-kafka-port",
      "0",
      "port of the demo mode's Kafka broker on 127.0.0.1; 0 picks a free port"),
  METRICS_PORT(
      "metrics-port", null, "port of the Prometheus endpoint /metrics on --bind; off unless given"),
  CONFIG("config", null, "properties file with options (name=value)"),
  USERS_FILE("users-file", null, "file of 'user: password, role' lines; enables authentication"),
  INSECURE("insecure", "false", "allow a non-loopback --bind without --users-file"),
  UI(
      "ui",
      "true",
      "serve the live page /ui/ and its JSON API on --port; --ui=false turns them off"),
  CONTINUOUS_HISTORY_ROWS(
      "continuous-history-rows",
      "10000",
      "rows of SYS.CONTINUOUS_REFRESHES kept (the refreshes of continuous tables); older ones are"
          + " removed"),
  CONTINUOUS_HISTORY_AGE(
      "continuous-history-age",
      "24h",
      "age beyond which rows of SYS.CONTINUOUS_REFRESHES are removed, e.g. 1h, 7d"),
  TLS_KEYSTORE("tls-keystore", null, "keystore for HTTPS"),
  TLS_KEYSTORE_PASSWORD("tls-keystore-password", null, "password of the keystore (never shown)");

  private final String key;
  private final String defaultValue;
  private final String description;

  ServerOption(String key, String defaultValue, String description) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  public boolean isFlag() {
    return this == DEMO || this == INSECURE || this == UI;
  }

  public boolean isSecret() {
    return this == STORE_PASSWORD || this == TLS_KEYSTORE_PASSWORD;
  }

  public String environmentVariable() {
    return "TABLEWAVE_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
  }

  public static ServerOption fromKey(String key) {
    for (ServerOption option : values()) {
      if (option.key.equals(key)) {
        return option;
      }
    }
    return null;
  }
}
