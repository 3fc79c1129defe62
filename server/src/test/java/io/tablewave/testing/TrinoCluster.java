package io.tablewave.testing;

import static java.util.Objects.requireNonNull;

import io.tablewave.server.ServerOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A Trino coordinator and one worker, two child processes of the test JVM on free loopback ports,
 * with the Iceberg connector on the local disk as catalog {@code iceberg}. The server comes from
 * {@code io.trino:trino-server}, which the build unpacks into {@code target/trino} with only its
 * launcher, libraries and the Iceberg plugin, and runs on a JDK 24 or later.
 *
 * <p>Registered as a JUnit extension, the cluster starts once for the whole test run, at the first
 * suite that needs it, and stops when the run ends (and at JVM exit, so no process outlives the
 * build). Where no JDK 24+ is installed the suites that need it are skipped, unless the environment
 * variable {@code CI} is {@code true}: there a missing JDK fails them.
 */
public final class TrinoCluster implements BeforeAllCallback {
  public static final String CATALOG = "iceberg";
  public static final String SCHEMA = "tablewave";
  public static final String USER = "tablewave";
  private static final Path JDK = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
  private static final Duration STARTUP = Duration.ofMinutes(4);

  /** The cluster of this test run; one per JVM, started by the first suite that needs it. */
  private static final class Holder
      implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    final Running running;

    Holder(Running running) {
      this.running = running;
    }

    @Override
    public void close() {
      running.stop();
    }
  }

  private Running running;

  @Override
  public void beforeAll(ExtensionContext context) {
    Path java = javaHome().resolve("bin/java");
    if (!Files.isExecutable(java)) {
      String message =
          "The Trino suites need a JDK 24 or later at "
              + JDK
              + " (or TRINO_JAVA_HOME) to run Trino "
              + "476; none is installed";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        throw new IllegalStateException(message + ", and CI=true does not allow skipping them");
      }
      Assumptions.abort(message + "; skipped outside CI");
    }
    running =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.GLOBAL)
            .getOrComputeIfAbsent(
                TrinoCluster.class, key -> new Holder(startRetryingOnce(java)), Holder.class)
            .running;
  }

  /**
   * Starts the cluster, and once more on new ports if a node exits while starting: its ports are
   * picked free before the node binds them, so another process may take one in between.
   */
  private static Running startRetryingOnce(Path java) {
    try {
      return Running.start(java);
    } catch (NodeExited first) {
      System.err.println("Trino did not start, starting it again on other ports: " + first);
      try {
        return Running.start(java);
      } catch (NodeExited second) {
        second.addSuppressed(first);
        throw second;
      }
    }
  }

  /** A node of the cluster ended before the cluster was ready. */
  private static final class NodeExited extends IllegalStateException {
    NodeExited(String message) {
      super(message);
    }
  }

  /** The JDBC URL of the cluster's coordinator, for catalog iceberg, schema tablewave. */
  public String jdbcUrl() {
    return requireNonNull(running, "the cluster is not started").jdbcUrl();
  }

  /** A connection straight to Trino, to check what the cluster did. */
  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", USER);
    return DriverManager.getConnection(jdbcUrl(), properties);
  }

  /** The server options that make this cluster a Tablewave server's store. */
  public Map<ServerOption, String> serverOptions() {
    return Map.of(ServerOption.STORE_URL, jdbcUrl(), ServerOption.STORE_USER, USER);
  }

  private static Path javaHome() {
    String configured = System.getenv("TRINO_JAVA_HOME");
    return configured == null ? JDK : Path.of(configured);
  }

  /** The two processes and their directory. */
  private record Running(Path directory, List<Process> processes, int port, Thread hook) {
    String jdbcUrl() {
      return "jdbc:trino://127.0.0.1:" + port + "/" + CATALOG + "/" + SCHEMA;
    }

    static Running start(Path java) {
      try {
        Path home = serverHome();
        Path directory = Files.createTempDirectory("tablewave-trino");
        Path warehouse = Files.createDirectories(directory.resolve("warehouse"));
        // Only the plugins the suites need load, which saves most of the start-up time.
        Path plugins = Files.createDirectories(directory.resolve("plugin"));
        Files.createSymbolicLink(plugins.resolve("iceberg"), home.resolve("plugin/iceberg"));
        int port = freePort();
        List<Process> processes = new ArrayList<>();
        Thread hook = new Thread(() -> processes.forEach(Process::destroyForcibly));
        Runtime.getRuntime().addShutdownHook(hook);
        Running running = new Running(directory, processes, port, hook);
        try {
          processes.add(node(java, home, directory, "coordinator", port, port, warehouse));
          processes.add(node(java, home, directory, "worker", freePort(), port, warehouse));
          running.awaitReady();
          try (Connection connection =
                  DriverManager.getConnection(
                      "jdbc:trino://127.0.0.1:" + port + "/" + CATALOG, USER, null);
              Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + CATALOG + "." + SCHEMA);
          }
          return running;
        } catch (RuntimeException | SQLException e) {
          running.stop();
          throw e instanceof RuntimeException r
              ? r
              : new IllegalStateException("Trino did not start: " + e.getMessage(), e);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The server unpacked under {@code target/trino} from the tarball Maven resolved, once: the
     * plugins share their jars through hard links, which {@code tar} keeps.
     */
    private static Path serverHome() throws IOException {
      String tarball = System.getProperty("trino.server.tarball");
      if (tarball == null || !Files.isRegularFile(Path.of(tarball))) {
        throw new IllegalStateException(
            "No Trino server tarball at "
                + tarball
                + "; run the tests through Maven, which resolves io.trino:trino-server:tar.gz"
                + " and names it in the system property trino.server.tarball");
      }
      Path unpacked = Path.of("target", "trino").toAbsolutePath();
      Path done = unpacked.resolve(".unpacked");
      if (!Files.exists(done)) {
        Files.createDirectories(unpacked);
        run(List.of("tar", "xzf", tarball, "-C", unpacked.toString()));
        Files.writeString(done, tarball, StandardCharsets.UTF_8);
      }
      try (Stream<Path> entries = Files.list(unpacked)) {
        return entries
            .filter(p -> p.getFileName().toString().startsWith("trino-server-"))
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("No trino-server-* in " + unpacked));
      }
    }

    private static void run(List<String> command) throws IOException {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      try {
        if (process.waitFor() != 0) {
          throw new IllegalStateException(
              String.join(" ", command) + " failed with " + process.exitValue() + ": " + output);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted: " + String.join(" ", command), e);
      }
    }

    private static Process node(
        Path java,
        Path home,
        Path directory,
        String role,
        int httpPort,
        int coordinatorPort,
        Path warehouse)
        throws IOException {
      Path node = Files.createDirectories(directory.resolve(role));
      Path etc = Files.createDirectories(node.resolve("etc"));
      Path catalogs = Files.createDirectories(etc.resolve("catalog"));
      boolean coordinator = role.equals("coordinator");
      String config =
          String.join(
              "\n",
              "coordinator=" + coordinator,
              coordinator ? "node-scheduler.include-coordinator=false" : "",
              "http-server.http.port=" + httpPort,
              "discovery.uri=http://127.0.0.1:" + coordinatorPort,
              "query.max-memory=1GB",
              "query.max-memory-per-node=512MB",
              "catalog.config-dir=" + catalogs,
              "plugin.dir=" + directory.resolve("plugin"),
              "");
      Files.writeString(etc.resolve("config.properties"), config, StandardCharsets.UTF_8);
      Files.writeString(
          catalogs.resolve(CATALOG + ".properties"),
          String.join(
              "\n",
              "connector.name=iceberg",
              "iceberg.catalog.type=TESTING_FILE_METASTORE",
              "hive.metastore.catalog.dir=local:///",
              "fs.native-local.enabled=true",
              "local.location=" + warehouse,
              ""),
          StandardCharsets.UTF_8);
      Files.writeString(etc.resolve("log.properties"), "io.trino=INFO\n", StandardCharsets.UTF_8);
      List<String> command =
          List.of(
              java.toString(),
              "-Xmx1536m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "-XX:+ExitOnOutOfMemoryError",
              "-Djdk.attach.allowAttachSelf=true",
              "-XX:+EnableDynamicAgentLoading",
              "--enable-native-access=ALL-UNNAMED",
              "--sun-misc-unsafe-memory-access=allow",
              "-Dfile.encoding=UTF-8",
              "-Dnode.environment=test",
              "-Dnode.id=" + role,
              "-Dnode.data-dir=" + node.resolve("data"),
              "-Dconfig=" + etc.resolve("config.properties"),
              "-Dlog.levels-file=" + etc.resolve("log.properties"),
              "-Dlog.output-file=" + node.resolve("server.log"),
              "-cp",
              home.resolve("lib") + "/*",
              "io.trino.server.TrinoServer");
      return new ProcessBuilder(command)
          .directory(node.toFile())
          .redirectErrorStream(true)
          .redirectOutput(node.resolve("launcher.log").toFile())
          .start();
    }

    private void awaitReady() {
      Instant deadline = Instant.now().plus(STARTUP);
      String problem = "not started";
      while (Instant.now().isBefore(deadline)) {
        for (Process process : processes) {
          if (!process.isAlive()) {
            throw new NodeExited(
                "A Trino node exited with " + process.exitValue() + " while starting; " + logs());
          }
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, null);
            Statement statement = connection.createStatement();
            ResultSet nodes =
                statement.executeQuery(
                    "SELECT count(*) FROM system.runtime.nodes WHERE state = 'active'")) {
          nodes.next();
          if (nodes.getLong(1) == 2) {
            return;
          }
          problem = nodes.getLong(1) + " of 2 nodes active";
        } catch (SQLException e) {
          problem = e.getMessage();
        }
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while Trino started", e);
        }
      }
      throw new IllegalStateException(
          "Trino was not ready after " + STARTUP + " (" + problem + "); " + logs());
    }

    /** Where the nodes' logs are, and the last lines of each node's launcher log. */
    private String logs() {
      StringBuilder text = new StringBuilder("see the logs under " + directory);
      for (String role : List.of("coordinator", "worker")) {
        Path log = directory.resolve(role).resolve("launcher.log");
        try {
          List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
          text.append("\n--- last lines of ").append(log).append(":\n");
          lines
              .subList(Math.max(0, lines.size() - 20), lines.size())
              .forEach(line -> text.append(line).append('\n'));
        } catch (IOException e) {
          text.append("\n(").append(log).append(" could not be read: ").append(e).append(')');
        }
      }
      return text.toString();
    }

    void stop() {
      for (Process process : processes) {
        process.destroy();
      }
      for (Process process : processes) {
        try {
          if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
          }
        } catch (InterruptedException e) {
          process.destroyForcibly();
          Thread.currentThread().interrupt();
        }
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyExiting) {
        // the hook itself is running; it stops the processes
      }
      deleteRecursively(directory);
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      }
    }

    private static void deleteRecursively(Path directory) {
      try (Stream<Path> paths = Files.walk(directory)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
