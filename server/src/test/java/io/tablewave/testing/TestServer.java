package io.tablewave.testing;

import io.tablewave.server.ServerConfig;
import io.tablewave.server.ServerOption;
import io.tablewave.server.TablewaveServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/** A real Tablewave server on a free loopback port with its own data directory. */
public final class TestServer implements AutoCloseable {
  private final Path dataDir;
  private final Map<ServerOption, String> options;
  private TablewaveServer server;

  private TestServer(Path dataDir, Map<ServerOption, String> options) {
    this.dataDir = dataDir;
    this.options = options;
  }

  /** Starts a server on the given store; extra options override the test defaults. */
  public static TestServer start(TestStore store, Map<ServerOption, String> extra)
      throws IOException {
    Path dataDir = Files.createTempDirectory("tablewave-test-");
    Map<ServerOption, String> options = new EnumMap<>(ServerOption.class);
    options.put(ServerOption.PORT, "0");
    options.put(ServerOption.DATA_DIR, dataDir.toString());
    options.put(ServerOption.WORKERS, "4");
    options.put(ServerOption.STORE_MEMORY, "512MB");
    store.url(dataDir).ifPresent(url -> options.put(ServerOption.STORE_URL, url));
    options.putAll(extra);
    TestServer server = new TestServer(dataDir, options);
    server.server = TablewaveServer.start(ServerConfig.of(options));
    return server;
  }

  public static TestServer start(TestStore store) throws IOException {
    return start(store, Map.of());
  }

  /** Stops the server and starts it again on the same data and port. */
  public void restart() {
    int port = server.port();
    server.close();
    options.put(ServerOption.PORT, String.valueOf(port));
    server = TablewaveServer.start(ServerConfig.of(options));
  }

  /** Starts the server again on the same data, after {@link #stopKeepingData}. */
  public void startAgain() {
    if (server != null) {
      throw new IllegalStateException("the server is running");
    }
    server = TablewaveServer.start(ServerConfig.of(options));
  }

  /** Waits until the warm-up that runs after every start has ended. */
  public boolean awaitWarmup(long millis) throws InterruptedException {
    return server.awaitWarmup(millis);
  }

  /** The directory of the server's data (and of a DuckDB or H2 store). */
  public Path dataDir() {
    return dataDir;
  }

  /** The port of the server's metrics endpoint, when started with ServerOption.METRICS_PORT. */
  public java.util.OptionalInt metricsPort() {
    return server.metricsPort();
  }

  public String url() {
    return server.jdbcUrl();
  }

  /** The live page's address, {@code http://HOST:PORT/ui/}. */
  public String pageUrl() {
    return server.pageUrl();
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(url());
  }

  public Connection connect(Properties properties) throws SQLException {
    return DriverManager.getConnection(url(), properties);
  }

  public Connection connectWithParallelism(int parallelism) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("parallelism", String.valueOf(parallelism));
    return connect(properties);
  }

  /**
   * Stops the server but keeps its data, so a test can look into the store's files.
   *
   * @return the data directory (DuckDB keeps its file there)
   */
  public Path stopKeepingData() {
    if (server != null) {
      server.close();
      server = null;
    }
    return dataDir;
  }

  @Override
  public void close() throws IOException {
    try {
      stopKeepingData();
    } finally {
      try (Stream<Path> files = Files.walk(dataDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}
