package io.tablewave.testing;

import io.tablewave.server.ServerOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster in a temporary directory on a free loopback port, made with the
 * server binaries of {@code pg_config --bindir}. PostgreSQL refuses to run as root, so as root the
 * commands run as the system user {@code postgres}.
 */
public final class PostgresTestCluster implements AutoCloseable {
  public static final String USER = "tablewave";
  public static final String PASSWORD = "tablewave-test";
  private static final String OS_USER = "postgres";

  private final Path binDir;
  private Path directory;
  private int port;

  public PostgresTestCluster() {
    this.binDir = Path.of(run(List.of("pg_config", "--bindir"), false).trim());
  }

  /** JDBC URL, user and password of a running cluster. */
  public record Endpoint(String jdbcUrl, String user, String password) {
    /** The server options that make this cluster a Tablewave server's store. */
    public Map<ServerOption, String> serverOptions() {
      return Map.of(
          ServerOption.STORE_URL,
          jdbcUrl,
          ServerOption.STORE_USER,
          user,
          ServerOption.STORE_PASSWORD,
          password);
    }
  }

  public synchronized Endpoint start() {
    if (directory != null) {
      return endpoint();
    }
    try {
      directory = Files.createTempDirectory("tablewave-pg");
      Path data = directory.resolve("data");
      Path passwordFile = directory.resolve("password");
      Files.writeString(passwordFile, PASSWORD + "\n", StandardCharsets.UTF_8);
      if (asRoot()) {
        run(List.of("chown", "-R", OS_USER, directory.toString()), false);
      }
      run(
          List.of(
              binDir.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              USER,
              "--pwfile=" + passwordFile,
              "--auth=scram-sha-256",
              "-E",
              "UTF8",
              "--no-locale"),
          true);
      port = freePort();
      run(
          List.of(
              binDir.resolve("pg_ctl").toString(),
              "-D",
              data.toString(),
              "-w",
              "-t",
              "60",
              "-l",
              directory.resolve("server.log").toString(),
              "-o",
              "-p "
                  + port
                  + " -k "
                  + directory
                  + " -c listen_addresses=127.0.0.1 -c fsync=off"
                  + " -c max_connections=100",
              "start"),
          true);
      return endpoint();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Endpoint endpoint() {
    return new Endpoint("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER, PASSWORD);
  }

  @Override
  public synchronized void close() {
    if (directory == null) {
      return;
    }
    try {
      run(
          List.of(
              binDir.resolve("pg_ctl").toString(),
              "-D",
              directory.resolve("data").toString(),
              "-m",
              "fast",
              "-w",
              "stop"),
          true);
    } finally {
      deleteRecursively(directory);
      directory = null;
    }
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String run(List<String> command, boolean asPostgresUser) {
    List<String> full = new ArrayList<>();
    if (asPostgresUser && asRoot()) {
      full.addAll(List.of("runuser", "-u", OS_USER, "--"));
    }
    full.addAll(command);
    try {
      Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("Timed out: " + String.join(" ", full));
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "Failed (exit " + process.exitValue() + "): " + String.join(" ", full) + "\n" + output);
      }
      return output;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted: " + String.join(" ", full), e);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
