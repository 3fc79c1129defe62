package io.tablewave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.testing.ServerProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every start that fails for a reason the user can fix, as a user sees it: the server run as a
 * process with the production logging configuration prints one line {@code tablewave: ...}, no
 * stack trace, and exits with the status documented for that kind of problem.
 */
class StartupErrorsTest {
  /** The production logging configuration inside the server jar, not the tests' one. */
  private static final String PRODUCTION_LOGGING = "-Dlogback.configurationFile=logback.xml";

  @TempDir Path directory;

  @Test
  void aBadOptionExitsWithStatus2() throws Exception {
    ServerProcess.Exit exit = run("--workers", "abc");
    assertOneCleanLine(
        exit, 2, "tablewave: option --workers must be an integer from 1 to 10000, got 'abc'");
  }

  @Test
  void aNonLoopbackBindWithoutAuthenticationExitsWithStatus3() throws Exception {
    ServerProcess.Exit exit = run("--bind", "0.0.0.0");
    assertOneCleanLine(
        exit,
        3,
        "tablewave: refusing to listen on 0.0.0.0 without authentication: give"
            + " --users-file FILE, or --insecure");
  }

  @Test
  void anUnsupportedStoreExitsWithStatus4AndShowsTheTraceOnlyAtDebug() throws Exception {
    ServerProcess.Exit exit = run("--store-url", "jdbc:nosuch:x");
    assertOneCleanLine(exit, 4, "tablewave: Store URL 'jdbc:nosuch:x' is not supported");

    ServerProcess.Exit debug =
        ServerProcess.runUntilExit(
            List.of("-Xmx256m", PRODUCTION_LOGGING, "-Dtablewave.log.level=DEBUG"),
            directory.resolve("data"),
            List.of("--store-url", "jdbc:nosuch:x"));
    assertThat(debug.status()).as(debug.output()).isEqualTo(4);
    assertThat(debug.output())
        .contains("tablewave: Store URL 'jdbc:nosuch:x' is not supported")
        .contains("DEBUG")
        .contains("\tat io.tablewave.");
  }

  @Test
  void anUnreachableStoreExitsWithStatus5() throws Exception {
    int closedPort = closedPort();
    ServerProcess.Exit exit =
        run(
            "--store-url",
            "jdbc:postgresql://127.0.0.1:" + closedPort + "/tablewave",
            "--store-user",
            "nobody",
            "--store-password",
            "n0t-shown");
    assertOneCleanLine(
        exit,
        5,
        "tablewave: Cannot connect to the POSTGRESQL store at jdbc:postgresql://127.0.0.1:"
            + closedPort
            + "/tablewave");
    assertThat(exit.output()).doesNotContain("n0t-shown");
  }

  @Test
  void aDuckDbFileInUseByAnotherServerExitsWithStatus6() throws Exception {
    Path shared = directory.resolve("shared");
    try (ServerProcess first = ServerProcess.start(List.of("-Xmx256m"), shared, List.of())) {
      ServerProcess.Exit exit =
          ServerProcess.runUntilExit(List.of("-Xmx256m", PRODUCTION_LOGGING), shared, List.of());
      assertOneCleanLine(
          exit,
          6,
          "tablewave: The DuckDB store jdbc:duckdb:"
              + shared.toAbsolutePath()
              + "/tablewave.duckdb is in use by another process");
      assertThat(exit.output()).contains("give this server another --data-dir or --store-url");
      assertThat(first.isAlive()).as("the first server goes on").isTrue();
    }
  }

  @Test
  void aPortInUseExitsWithStatus7() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      ServerProcess.Exit exit = run("--port", String.valueOf(taken.getLocalPort()));
      assertOneCleanLine(
          exit, 7, "tablewave: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " (--port)");
      assertThat(exit.output()).contains("choose another with --port");
    }
  }

  @Test
  void anUnreadableUsersFileExitsWithStatus8() throws Exception {
    Path missing = directory.resolve("no-such-users.properties");
    ServerProcess.Exit exit = run("--users-file", missing.toString());
    assertOneCleanLine(exit, 8, "tablewave: cannot read --users-file " + missing);

    Path bad = directory.resolve("bad-users.properties");
    Files.writeString(bad, "alice: s3cret-pw, admin\n");
    ServerProcess.Exit badLine = run("--users-file", bad.toString());
    assertOneCleanLine(
        badLine, 8, "tablewave: --users-file " + bad + " line 1: unknown role 'admin'");
    assertThat(badLine.output()).doesNotContain("s3cret-pw");
  }

  @Test
  void anUnreadableKeystoreExitsWithStatus9() throws Exception {
    Path keystore = directory.resolve("server.p12");
    Files.writeString(keystore, "not a keystore");
    ServerProcess.Exit exit =
        run("--tls-keystore", keystore.toString(), "--tls-keystore-password", "k3y-pw");
    assertOneCleanLine(exit, 9, "tablewave: cannot open --tls-keystore " + keystore + " as PKCS12");
    assertThat(exit.output()).doesNotContain("k3y-pw");

    ServerProcess.Exit missing =
        run(
            "--tls-keystore",
            directory.resolve("none.jks").toString(),
            "--tls-keystore-password",
            "k3y-pw");
    assertOneCleanLine(
        missing,
        9,
        "tablewave: --tls-keystore " + directory.resolve("none.jks") + " is not a readable file");
  }

  private ServerProcess.Exit run(String... serverArgs) throws IOException, InterruptedException {
    return ServerProcess.runUntilExit(
        List.of("-Xmx256m", PRODUCTION_LOGGING), directory.resolve("data"), List.of(serverArgs));
  }

  /** The output is the one line that starts as given, nothing else: no stack trace, no log line. */
  private static void assertOneCleanLine(ServerProcess.Exit exit, int status, String start) {
    assertThat(exit.status()).as(exit.output()).isEqualTo(status);
    List<String> lines =
        new ArrayList<>(exit.output().lines().filter(line -> !line.isBlank()).toList());
    assertThat(lines).as(exit.output()).hasSize(1);
    assertThat(lines.get(0)).startsWith(start);
    assertThat(exit.output()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
