package io.tablewave.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A Tablewave server in a child JVM, for tests that need their own heap limit or a kill -9. */
public final class ServerProcess implements AutoCloseable {
  private static final String READY = "Tablewave is ready";

  private final Process process;
  private final int port;
  private final StringBuffer output = new StringBuffer();

  private ServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts {@code io.tablewave.server.Main} with the test classpath and waits until it serves. */
  public static ServerProcess start(List<String> jvmOptions, Path dataDir, List<String> serverArgs)
      throws IOException, InterruptedException {
    int port = freePort();
    List<String> command = command(jvmOptions, port, dataDir, serverArgs);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    ServerProcess server = new ServerProcess(process, port);
    CompletableFuture<Boolean> ready = new CompletableFuture<>();
    Thread pump = new Thread(() -> server.pump(ready), "server-process-output");
    pump.setDaemon(true);
    pump.start();
    try {
      ready.get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the server process did not start: " + e + "\n" + server.output, e);
    }
    return server;
  }

  /** How a server process that was expected to stop on its own ended. */
  public record Exit(int status, String output) {}

  /**
   * Runs {@code io.tablewave.server.Main} with the test classpath until it exits by itself (a start
   * that fails), and returns its exit status and everything it printed.
   */
  public static Exit runUntilExit(List<String> jvmOptions, Path dataDir, List<String> serverArgs)
      throws IOException, InterruptedException {
    List<String> command = command(jvmOptions, freePort(), dataDir, serverArgs);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    CompletableFuture<String> output =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      throw new IllegalStateException(
          "the server process did not exit within 120 s: " + output.getNow(""));
    }
    try {
      return new Exit(process.exitValue(), output.get(30, TimeUnit.SECONDS));
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("cannot read the output of the server process", e);
    }
  }

  private static List<String> command(
      List<String> jvmOptions, int port, Path dataDir, List<String> serverArgs) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.tablewave.server.Main");
    command.addAll(List.of("--port", String.valueOf(port), "--data-dir", dataDir.toString()));
    command.addAll(serverArgs);
    return command;
  }

  private void pump(CompletableFuture<Boolean> ready) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        output.append(line).append('\n');
        if (line.contains(READY)) {
          ready.complete(true);
        }
      }
      ready.completeExceptionally(new IllegalStateException("the server process ended"));
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
  }

  public String url() {
    return "jdbc:tablewave://127.0.0.1:" + port;
  }

  public long pid() {
    return process.pid();
  }

  public String output() {
    return output.toString();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Kills the process at once, as kill -9 does. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
