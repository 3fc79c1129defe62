package io.tablewave.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A single-node KRaft Kafka cluster (one combined broker and controller) running in this JVM,
 * listening on loopback, on a given port or a free one. Used by {@code --demo} and by tests; {@link
 * #close()} stops it and deletes its log directory.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final long READY_TIMEOUT_MILLIS = 60_000;

  private final KafkaRaftServer server;
  private final Path directory;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaRaftServer server, Path directory, String bootstrapServers) {
    this.server = server;
    this.directory = directory;
    this.bootstrapServers = bootstrapServers;
  }

  /** Starts a broker on a free loopback port; {@link #bootstrapServers()} tells which. */
  public static EmbeddedKafka start() {
    return start(0);
  }

  /** Starts a broker on {@code port} of the loopback address, or on a free port when it is 0. */
  public static EmbeddedKafka start(int port) {
    Path directory = null;
    KafkaRaftServer server = null;
    try {
      int brokerPort = port == 0 ? freePort() : port;
      directory = Files.createTempDirectory("tablewave-kafka-");
      String logDir = directory.resolve("logs").toString();
      int controllerPort = freePort();
      while (controllerPort == brokerPort) {
        // the system may hand out a port just released again: the two listeners need their own
        controllerPort = freePort();
      }
      KafkaConfig config = new KafkaConfig(brokerConfig(brokerPort, controllerPort, logDir), false);
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setClusterId(Uuid.randomUuid().toString())
          .setNodeId(config.nodeId())
          .setControllerListenerName(CONTROLLER_LISTENER)
          .setMetadataLogDirectory(logDir)
          .setDirectories(List.of(logDir))
          .setReleaseVersion(MetadataVersion.latestProduction())
          .run();
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      String bootstrapServers = "127.0.0.1:" + brokerPort;
      awaitReady(bootstrapServers);
      return new EmbeddedKafka(server, directory, bootstrapServers);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      IllegalStateException failure =
          new IllegalStateException(
              "could not start the embedded Kafka broker"
                  + (port == 0 ? "" : " on port " + port)
                  + ": "
                  + e.getMessage()
                  + (port == 0
                      ? ""
                      : " (is the port in use? choose another with --demo-kafka-port)"),
              e);
      stopAfterFailure(server, directory, failure);
      throw failure;
    }
  }

  private static Properties brokerConfig(int brokerPort, int controllerPort, String logDir) {
    Properties properties = new Properties();
    properties.putAll(
        Map.ofEntries(
            Map.entry("process.roles", "broker,controller"),
            Map.entry("node.id", "1"),
            Map.entry(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                    + brokerPort
                    + ","
                    + CONTROLLER_LISTENER
                    + "://127.0.0.1:"
                    + controllerPort),
            Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort),
            Map.entry("controller.listener.names", CONTROLLER_LISTENER),
            Map.entry(
                "listener.security.protocol.map",
                "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT"),
            Map.entry("inter.broker.listener.name", "PLAINTEXT"),
            Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
            Map.entry("log.dirs", logDir),
            Map.entry("num.partitions", "1"),
            Map.entry("offsets.topic.replication.factor", "1"),
            Map.entry("offsets.topic.num.partitions", "4"),
            Map.entry("transaction.state.log.replication.factor", "1"),
            Map.entry("transaction.state.log.min.isr", "1"),
            Map.entry("transaction.state.log.num.partitions", "4"),
            Map.entry("group.initial.rebalance.delay.ms", "0"),
            Map.entry("log.cleaner.backoff.ms", "500"),
            Map.entry("auto.create.topics.enable", "false")));
    return properties;
  }

  private static void awaitReady(String bootstrapServers) throws Exception {
    long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
    Exception last = null;
    while (System.currentTimeMillis() < deadline) {
      try (Admin admin = admin(bootstrapServers)) {
        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(
        "the broker did not answer within " + READY_TIMEOUT_MILLIS / 1000 + " s", last);
  }

  private static void stopAfterFailure(KafkaRaftServer server, Path directory, Exception failure) {
    try {
      if (server != null) {
        server.shutdown();
        server.awaitShutdown();
      }
      if (directory != null) {
        deleteRecursively(directory);
      }
    } catch (RuntimeException closeFailure) {
      failure.addSuppressed(closeFailure);
    }
  }

  /** The {@code host:port} list clients use. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates a topic with replication factor 1 and the given topic configs; waits for it. */
  public void createTopic(String topic, int partitions, Map<String, String> configs) {
    try (Admin admin = admin(bootstrapServers)) {
      admin
          .createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
          .all()
          .get(30, TimeUnit.SECONDS);
      TopicReadiness.await(admin, List.of(topic), 30_000);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("could not create topic " + topic + ": " + e.getMessage(), e);
    }
  }

  /** Creates a topic with default configs. */
  public void createTopic(String topic, int partitions) {
    createTopic(topic, partitions, Map.of());
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    deleteRecursively(directory);
  }

  private static Admin admin(String bootstrapServers) {
    Properties properties = new Properties();
    properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    return Admin.create(properties);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void deleteRecursively(Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the broker's files in " + directory, e);
    }
  }
}
