package io.tablewave.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaTopicsUnreachableTest {
  @Test
  void anUnreachableClusterFailsWithinBoundedTimeNamingTheAddress() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String bootstrap = "127.0.0.1:" + port;
    try (KafkaTopics topics = new KafkaTopics(KafkaSourceSettings.of(bootstrap))) {
      long start = System.nanoTime();
      assertThatThrownBy(topics::listTopics)
          .isInstanceOfSatisfying(
              TablewaveException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE))
          .hasMessageStartingWith("Kafka cluster at " + bootstrap + " is not reachable: ")
          .hasMessageEndingWith(", check --kafka-bootstrap or 'kafka.bootstrap.servers'");
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isLessThan(Duration.ofSeconds(15));
      System.out.println("unreachable cluster detected after " + took.toMillis() + " ms");
    }
  }

  @Test
  void anUnresolvableHostFailsWithTheSameAdvice() {
    try (KafkaTopics topics =
        new KafkaTopics(KafkaSourceSettings.of("no-such-host.invalid:9092"))) {
      assertThatThrownBy(() -> topics.exists("orders"))
          .isInstanceOfSatisfying(
              TablewaveException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE))
          .hasMessageContaining("Kafka cluster at no-such-host.invalid:9092 is not reachable")
          .hasMessageContaining("check --kafka-bootstrap or 'kafka.bootstrap.servers'");
    }
  }

  @Test
  void kafkaPrefixedPropertiesReachTheClientsAndOverrideDefaults() {
    KafkaSourceSettings settings =
        KafkaSourceSettings.fromProperties(
            "default:9092",
            Map.of(
                "kafka.bootstrap.servers",
                "other:9093",
                "kafka.max.poll.records",
                "10",
                "kafka.isolation.level",
                "read_uncommitted",
                "format",
                "json"));
    assertThat(settings.bootstrapServers()).isEqualTo("other:9093");
    assertThat(settings.clientProperties())
        .isEqualTo(Map.of("max.poll.records", "10", "isolation.level", "read_uncommitted"));
    Map<String, Object> consumer = settings.consumerConfig("c");
    assertThat(consumer)
        .containsEntry("max.poll.records", "10")
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("bootstrap.servers", "other:9093")
        .doesNotContainKey("group.id");
    assertThat(settings.adminConfig()).doesNotContainKeys("max.poll.records", "isolation.level");
    assertThat(KafkaSourceSettings.fromProperties("default:9092", Map.of()).bootstrapServers())
        .isEqualTo("default:9092");
  }
}
