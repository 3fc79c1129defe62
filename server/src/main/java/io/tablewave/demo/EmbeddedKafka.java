package io.tablewave.demo;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node KRaft Kafka cluster (one combined broker and controller) running in this JVM,
 * listening on loopback. Used by {@code --demo} and by tests; {@link #close()} stops it and
 * deletes its log directories.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final String bootstrapServers;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    this.bootstrapServers = cluster.bootstrapServers();
  }

  /** Starts a broker on a free loopback port; {@link #bootstrapServers()} tells which. */
  public static EmbeddedKafka start() {
    KafkaClusterTestKit cluster = null;
    try {
      Path baseDir = Files.createTempDirectory("tablewave-kafka-");
      TestKitNodes.Builder nodes = new TestKitNodes.Builder()
          .setCombined(true)
          .setNumBrokerNodes(1)
          .setNumControllerNodes(1)
          .setBaseDirectory(baseDir);
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes.build())
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .setConfigProp("log.cleaner.backoff.ms", "500")
          .setDeleteOnClose(true);
      cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster);
    } catch (Exception e) {
      closeQuietlyAfterFailure(cluster, e);
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new TablewaveException(ErrorCode.SOURCE_UNAVAILABLE,
          "could not start the embedded Kafka broker: " + e.getMessage(), e);
    }
  }

  private static void closeQuietlyAfterFailure(KafkaClusterTestKit cluster, Exception failure) {
    if (cluster == null) {
      return;
    }
    try {
      cluster.close();
    } catch (Exception closeFailure) {
      failure.addSuppressed(closeFailure);
    }
  }

  /** The {@code host:port} list clients use. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Creates a topic with replication factor 1 and the given topic configs; waits for it. */
  public void createTopic(String topic, int partitions, Map<String, String> configs) {
    try (Admin admin = cluster.admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs)))
          .all().get(30, TimeUnit.SECONDS);
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
    try {
      cluster.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("could not stop the embedded Kafka broker: " + e.getMessage(), e);
    }
  }
}
