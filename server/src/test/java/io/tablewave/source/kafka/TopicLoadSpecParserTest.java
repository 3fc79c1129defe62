package io.tablewave.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.source.kafka.TopicLoadSpec.Bound;
import io.tablewave.source.kafka.TopicLoadSpec.Format;
import io.tablewave.source.kafka.TopicLoadSpec.OnBadRecord;
import io.tablewave.source.kafka.TopicLoadSpec.Startup;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicLoadSpecParserTest {
  private final TopicLoadSpecParser parser = new TopicLoadSpecParser("localhost:9092");

  @Test
  void defaultsFollowTheContract() {
    TopicLoadSpec spec = parser.parse("orders", Map.of("retention", "7d"));
    assertThat(spec).isEqualTo(new TopicLoadSpec("orders", Format.JSON, Startup.earliest(),
        Bound.latestOffset(), OnBadRecord.FAIL, KafkaSourceSettings.of("localhost:9092")));
  }

  @Test
  void readsEveryKafkaProperty() {
    TopicLoadSpec spec = parser.parse("clicks", Map.of(
        "format", "CSV", "scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "1000",
        "scan.bounded.mode", "timestamp", "scan.bounded.timestamp-millis", "2000",
        "on-bad-record", "skip", "kafka.bootstrap.servers", "b:1", "kafka.client.rack", "r1"));
    assertThat(spec.format()).isEqualTo(Format.CSV);
    assertThat(spec.startup()).isEqualTo(Startup.timestamp(1000));
    assertThat(spec.bound()).isEqualTo(Bound.timestamp(2000));
    assertThat(spec.onBadRecord()).isEqualTo(OnBadRecord.SKIP);
    assertThat(spec.settings().bootstrapServers()).isEqualTo("b:1");
    assertThat(spec.settings().clientProperties()).isEqualTo(Map.of("client.rack", "r1"));
  }

  @Test
  void rejectsUnknownScanKeysAndBadValues() {
    assertInvalid(Map.of("scan.startup.mod", "x"), "unknown scan property");
    assertInvalid(Map.of("format", "avro"), "bad value 'avro' for property 'format'");
    assertInvalid(Map.of("scan.startup.mode", "timestamp"), "'scan.startup.timestamp-millis' is required");
    assertInvalid(Map.of("scan.bounded.mode", "timestamp", "scan.bounded.timestamp-millis", "soon"),
        "bad value 'soon' for property 'scan.bounded.timestamp-millis'");
    assertInvalid(Map.of("on-bad-record", "ignore"), "use fail or skip");
  }

  private void assertInvalid(Map<String, String> properties, String message) {
    assertThatThrownBy(() -> parser.parse("t", properties))
        .isInstanceOfSatisfying(TablewaveException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PROPERTY))
        .hasMessageContaining(message);
  }
}
