package io.tablewave.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker in a child JVM on fixed loopback ports, so a test can stop it
 * (cleanly or with kill -9) and start it again at the same address with its data.
 */
public final class BrokerProcess implements AutoCloseable {
  private final Path directory;
  private final Path config;
  private final int brokerPort;
  private Process process;

  private BrokerProcess(Path directory, Path config, int brokerPort) {
    this.directory = directory;
    this.config = config;
    this.brokerPort = brokerPort;
  }

  /** Formats a new broker under {@code directory} and starts it. */
  public static BrokerProcess start(Path directory) throws IOException, InterruptedException {
    int brokerPort = freePort();
    int controllerPort = freePort();
    Path config = directory.resolve("server.properties");
    Properties properties = new Properties();
    properties.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                    + brokerPort
                    + ",CONTROLLER://127.0.0.1:"
                    + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort),
            Map.entry("controller.listener.names", "CONTROLLER"),
            Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
            Map.entry("log.dirs", directory.resolve("logs").toString()),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("num.partitions", "1")));
    Files.createDirectories(directory);
    try (OutputStream out = Files.newOutputStream(config)) {
      properties.store(out, "test broker");
    }
    Process format =
        javaProcess(
                directory,
                "kafka.tools.StorageTool",
                "format",
                "-t",
                Uuid.randomUuid().toString(),
                "-c",
                config.toString())
            .start();
    String formatOutput = readAll(format.getInputStream());
    if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
      throw new IllegalStateException("formatting the broker's storage failed:\n" + formatOutput);
    }
    BrokerProcess broker = new BrokerProcess(directory, config, brokerPort);
    broker.startProcess();
    return broker;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** Stops the broker; with {@code kill} at once, as kill -9 does, else with a clean shutdown. */
  public void stop(boolean kill) throws InterruptedException {
    if (process == null) {
      return;
    }
    if (kill) {
      process.destroyForcibly();
    } else {
      process.destroy();
    }
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    process = null;
  }

  /** Starts the stopped broker again at the same address, with the data it had. */
  public void restart() throws IOException, InterruptedException {
    if (process != null) {
      throw new IllegalStateException("the broker is running");
    }
    startProcess();
  }

  public void createTopic(String topic, int partitions) throws Exception {
    try (Admin admin = admin()) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop(false);
  }

  private void startProcess() throws IOException, InterruptedException {
    process =
        javaProcess(directory, "kafka.Kafka", config.toString())
            .redirectOutput(directory.resolve("broker.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the broker process ended:\n" + Files.readString(directory.resolve("broker.log")));
      }
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        last = e;
        Thread.sleep(200);
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("the broker did not come up within 90 s: " + last);
  }

  private Admin admin() {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    return Admin.create(properties);
  }

  private static ProcessBuilder javaProcess(Path directory, String mainClass, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx384m", "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
