package io.tablewave.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distribution archive, unpacked in a temporary directory and used as a person would. */
class DistributionIT {
  private static final String VERSION = System.getProperty("tablewave.version");
  private static final Path ARCHIVE = Path.of(System.getProperty("tablewave.archive"));
  private static final Path ZIP = Path.of(System.getProperty("tablewave.zip"));

  @TempDir Path temp;

  @Test
  void theArchiveHoldsTheCommandsJarsSampleConfigurationAndDocs() throws Exception {
    Path home = unpack();

    assertThat(home.resolve("bin/tablewave-server")).isExecutable();
    assertThat(home.resolve("bin/tablewave-sql")).isExecutable();
    assertThat(list(home.resolve("lib")))
        .containsExactlyInAnyOrder(
            "tablewave-cli.jar",
            "tablewave-demo.jar",
            "tablewave-driver.jar",
            "tablewave-examples.jar",
            "tablewave-server.jar");
    assertThat(list(home.resolve("conf"))).contains("tablewave.properties", "users.example");
    assertThat(list(home.resolve("docs")))
        .contains(
            "getting-started.md",
            "sql-reference.md",
            "system-tables.md",
            "operations.md",
            "cli.md",
            "dbeaver.md",
            "configuration.md");
    assertThat(home.resolve("examples/demo-pipeline.sql")).isRegularFile();
    assertThat(home.resolve("README.md")).isRegularFile();

    List<String> zipped = new ArrayList<>();
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      Collections.list(zip.entries()).stream().map(ZipEntry::getName).forEach(zipped::add);
    }
    assertThat(zipped)
        .contains(
            "tablewave-" + VERSION + "/bin/tablewave-sql",
            "tablewave-" + VERSION + "/lib/tablewave-server.jar",
            "tablewave-" + VERSION + "/conf/tablewave.properties");
  }

  @Test
  void theUnpackedServerStartsWithTheSampleConfigurationAndRunsAScript() throws Exception {
    Path home = unpack();
    int port = freePort();
    Path log = temp.resolve("server.log");
    Process server =
        new ProcessBuilder(
                "sh",
                "bin/tablewave-server",
                "--config",
                "conf/tablewave.properties",
                "--port",
                String.valueOf(port),
                "--data-dir",
                temp.resolve("data").toString(),
                "--workers",
                "2")
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      awaitPort(port, server, log);
      Path script = temp.resolve("script.sql");
      Files.writeString(
          script,
          """
          CREATE TABLE totals AS SELECT k, SUM(v) AS total FROM facts GROUP BY k;
          CREATE TABLE facts AS SELECT * FROM (VALUES ('a', 1), ('a', 2), ('b', 5)) AS t(k, v);
          """);
      String url = "jdbc:tablewave://localhost:" + port;

      Run load = run(home, "bin/tablewave-sql", "-u", url, "-f", script.toString());
      assertThat(load.exitCode()).as(load.output()).isZero();
      assertThat(load.output())
          .containsPattern("FACTS\\s+1\\s+SUCCEEDED\\s+3")
          .containsPattern("TOTALS\\s+2\\s+SUCCEEDED\\s+2");

      Run query =
          run(
              home,
              "bin/tablewave-sql",
              "-u",
              url,
              "--outputformat=csv",
              "-e",
              "SELECT \"VALUE\" FROM SYS.SERVER WHERE NAME = 'version';");
      assertThat(query.exitCode()).as(query.output()).isZero();
      assertThat(query.output()).contains("'" + VERSION + "'");
    } finally {
      server.destroy();
      assertThat(server.waitFor(30, TimeUnit.SECONDS)).as("the server stops on SIGTERM").isTrue();
    }
  }

  private Path unpack() throws IOException, InterruptedException {
    Process tar =
        new ProcessBuilder("tar", "-xzf", ARCHIVE.toString(), "-C", temp.toString())
            .redirectErrorStream(true)
            .start();
    assertThat(tar.waitFor()).isZero();
    return temp.resolve("tablewave-" + VERSION);
  }

  private static List<String> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void awaitPort(int port, Process server, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError(
            "the server exited with " + server.exitValue() + ":\n" + Files.readString(log));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError(
        "the server did not listen on " + port + " within 90 s:\n" + Files.readString(log));
  }

  private record Run(int exitCode, String output) {}

  private static Run run(Path home, String... command) throws Exception {
    List<String> line = new ArrayList<>(List.of("sh"));
    line.addAll(List.of(command));
    Path output = Files.createTempFile("tablewave-dist", ".txt");
    Process process =
        new ProcessBuilder(line)
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end in two minutes");
    }
    String text = Files.readString(output, StandardCharsets.UTF_8);
    Files.delete(output);
    return new Run(process.exitValue(), text);
  }
}
