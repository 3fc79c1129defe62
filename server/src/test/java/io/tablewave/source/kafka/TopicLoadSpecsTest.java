package io.tablewave.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.source.kafka.TopicLoadSpec.Bound;
import io.tablewave.source.kafka.TopicLoadSpec.Format;
import io.tablewave.source.kafka.TopicLoadSpec.OnBadRecord;
import io.tablewave.source.kafka.TopicLoadSpec.Startup;
import io.tablewave.sql.TableProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicLoadSpecsTest {
  @Test
  void defaultsFollowTheContract() {
    TopicLoadSpec spec =
        TopicLoadSpecs.from("orders", TableProperties.parse(Map.of()), "localhost:9092");
    assertThat(spec)
        .isEqualTo(
            new TopicLoadSpec(
                "orders",
                Format.JSON,
                Startup.earliest(),
                Bound.latestOffset(),
                OnBadRecord.FAIL,
                KafkaSourceSettings.of("localhost:9092")));
  }

  @Test
  void readsEveryKafkaProperty() {
    TopicLoadSpec spec =
        TopicLoadSpecs.from(
            "orders",
            TableProperties.parse(
                Map.of(
                    "format",
                    "csv",
                    "scan.startup.mode",
                    "timestamp",
                    "scan.startup.timestamp-millis",
                    "1000",
                    "scan.bounded.mode",
                    "timestamp",
                    "scan.bounded.timestamp-millis",
                    "2000",
                    "on-bad-record",
                    "skip",
                    "kafka.bootstrap.servers",
                    "b:1",
                    "kafka.client.rack",
                    "r1",
                    "owner",
                    "finance")),
            "localhost:9092");
    assertThat(spec.format()).isEqualTo(Format.CSV);
    assertThat(spec.startup()).isEqualTo(Startup.timestamp(1000));
    assertThat(spec.bound()).isEqualTo(Bound.timestamp(2000));
    assertThat(spec.onBadRecord()).isEqualTo(OnBadRecord.SKIP);
    assertThat(spec.settings().bootstrapServers()).isEqualTo("b:1");
    assertThat(spec.settings().clientProperties()).isEqualTo(Map.of("client.rack", "r1"));
  }
}
