package io.tablewave.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TablePropertiesTest {
  private static TablewaveException invalid(Map<String, String> properties) {
    try {
      TableProperties.parse(properties);
    } catch (TablewaveException e) {
      assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PROPERTY);
      return e;
    }
    throw new AssertionError("expected INVALID_PROPERTY for " + properties);
  }

  @Test
  void defaults() {
    final TableProperties p = TableProperties.defaults();
    assertThat(p.dependsOn()).isEmpty();
    assertThat(p.format()).isEqualTo(TableProperties.Format.JSON);
    assertThat(p.startupMode()).isEqualTo(TableProperties.StartupMode.EARLIEST_OFFSET);
    assertThat(p.startupTimestampMillis()).isEmpty();
    assertThat(p.boundedMode()).isEqualTo(TableProperties.BoundedMode.LATEST_OFFSET);
    assertThat(p.boundedTimestampMillis()).isEmpty();
    assertThat(p.onBadRecord()).isEqualTo(TableProperties.OnBadRecord.FAIL);
    assertThat(p.timeout()).isEmpty();
    assertThat(p.kafka()).isEmpty();
    assertThat(p.userMetadata()).isEmpty();
  }

  @Test
  void everything() {
    final Map<String, String> map = new LinkedHashMap<>();
    map.put("depends_on", "orders, \"Mixed Case\" ,public.customers, PUBLIC.\"x,y\"");
    map.put("FORMAT", "CSV");
    map.put("Scan.Startup.Mode", "timestamp");
    map.put("scan.startup.timestamp-millis", "1700000000000");
    map.put("scan.bounded.mode", "timestamp");
    map.put("scan.bounded.timestamp-millis", "1700000001000");
    map.put("on-bad-record", "skip");
    map.put("timeout", "1h30m");
    map.put("kafka.bootstrap.servers", "localhost:9092");
    map.put("KAFKA.group.id", "g");
    map.put("table_model", "orders");
    map.put("Retention", "7d");
    final TableProperties p = TableProperties.parse(map);
    assertThat(p.dependsOn())
        .extracting(TableName::name)
        .containsExactly("ORDERS", "Mixed Case", "CUSTOMERS", "x,y");
    assertThat(p.format()).isEqualTo(TableProperties.Format.CSV);
    assertThat(p.startupMode()).isEqualTo(TableProperties.StartupMode.TIMESTAMP);
    assertThat(p.startupTimestampMillis()).hasValue(1_700_000_000_000L);
    assertThat(p.boundedMode()).isEqualTo(TableProperties.BoundedMode.TIMESTAMP);
    assertThat(p.boundedTimestampMillis()).hasValue(1_700_000_001_000L);
    assertThat(p.onBadRecord()).isEqualTo(TableProperties.OnBadRecord.SKIP);
    assertThat(p.timeout()).hasValue(Duration.ofMinutes(90));
    assertThat(p.kafka())
        .containsExactly(
            Map.entry("bootstrap.servers", "localhost:9092"), Map.entry("group.id", "g"));
    assertThat(p.userMetadata())
        .containsExactly(Map.entry("table_model", "orders"), Map.entry("Retention", "7d"));
  }

  @Test
  void timeouts() {
    assertThat(TableProperties.parse(Map.of("timeout", "30s")).timeout())
        .hasValue(Duration.ofSeconds(30));
    assertThat(TableProperties.parse(Map.of("timeout", "5m")).timeout())
        .hasValue(Duration.ofMinutes(5));
    assertThat(TableProperties.parse(Map.of("timeout", "1h")).timeout())
        .hasValue(Duration.ofHours(1));
    assertThat(TableProperties.parse(Map.of("timeout", "500ms")).timeout())
        .hasValue(Duration.ofMillis(500));
    assertThat(TableProperties.parse(Map.of("timeout", " 2 S ")).timeout())
        .hasValue(Duration.ofSeconds(2));
    assertThat(invalid(Map.of("timeout", "30")).getMessage())
        .contains("'timeout'")
        .contains("'30'")
        .contains("30s");
    assertThat(invalid(Map.of("timeout", "soon")).getMessage()).contains("'soon'");
    assertThat(invalid(Map.of("timeout", "0s")).getMessage()).contains("positive");
  }

  @Test
  void badEnumValuesNameKeyValueAndAllowedValues() {
    assertThat(invalid(Map.of("format", "xml")).getMessage())
        .contains("'format'")
        .contains("'xml'")
        .contains("'json', 'csv', 'raw'");
    assertThat(invalid(Map.of("scan.startup.mode", "group-offsets")).getMessage())
        .contains("'scan.startup.mode'")
        .contains("'group-offsets'")
        .contains("'earliest-offset', 'latest-offset', 'timestamp'");
    assertThat(invalid(Map.of("scan.bounded.mode", "unbounded")).getMessage())
        .contains("'latest-offset', 'timestamp'");
    assertThat(invalid(Map.of("on-bad-record", "ignore")).getMessage()).contains("'fail', 'skip'");
  }

  @Test
  void unknownScanKey() {
    assertThat(invalid(Map.of("scan.startup.offsets", "0")).getMessage())
        .contains("'scan.startup.offsets'")
        .contains("scan.startup.mode");
  }

  @Test
  void timestampModeNeedsTimestamp() {
    assertThat(invalid(Map.of("scan.startup.mode", "timestamp")).getMessage())
        .contains("scan.startup.timestamp-millis")
        .contains("missing");
    assertThat(invalid(Map.of("scan.bounded.mode", "timestamp")).getMessage())
        .contains("scan.bounded.timestamp-millis");
    assertThat(invalid(Map.of("scan.startup.timestamp-millis", "5")).getMessage())
        .contains("only used with");
    assertThat(
            invalid(
                    Map.of(
                        "scan.startup.mode",
                        "timestamp",
                        "scan.startup.timestamp-millis",
                        "yesterday"))
                .getMessage())
        .contains("'yesterday'");
    assertThat(
            invalid(
                    Map.of(
                        "scan.startup.mode",
                        "timestamp",
                        "scan.startup.timestamp-millis",
                        "10",
                        "scan.bounded.mode",
                        "timestamp",
                        "scan.bounded.timestamp-millis",
                        "5"))
                .getMessage())
        .contains("before");
  }

  @Test
  void keysDifferingOnlyInCase() {
    final Map<String, String> map = new LinkedHashMap<>();
    map.put("format", "json");
    map.put("FORMAT", "csv");
    assertThat(invalid(map).getMessage()).contains("twice");
  }

  @Test
  void badDependsOn() {
    assertThat(invalid(Map.of("depends_on", "a,,b")).getMessage()).contains("'depends_on'");
    assertThat(invalid(Map.of("depends_on", "kafka.x")).getMessage()).contains("kafka.x");
    assertThat(invalid(Map.of("depends_on", "\"open")).getMessage()).contains("\"open");
    assertThat(invalid(Map.of("depends_on", "a b")).getMessage()).contains("a b");
    assertThat(TableProperties.parse(Map.of("depends_on", " ")).dependsOn()).isEmpty();
  }

  @Test
  void emptyKafkaKey() {
    assertThat(invalid(Map.of("kafka.", "x")).getMessage()).contains("kafka.");
  }

  @Test
  void resultIsImmutable() {
    final TableProperties p =
        TableProperties.parse(Map.of("x", "1", "kafka.a", "b", "depends_on", "t"));
    assertThatThrownBy(() -> p.userMetadata().put("y", "2"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.kafka().clear()).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.dependsOn().add(new TableName("z")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(p.dependsOn()).isEqualTo(List.of(new TableName("T")));
  }

  @Test
  void columnsAreReadByTheSqlGrammarWithNamesAsWritten() {
    final TableProperties p =
        TableProperties.parse(
            Map.of(
                "columns",
                "amount DECIMAL(12, 2), ts TIMESTAMP(3), \"Mixed Case\" varchar(20), n INT, price NUMERIC"));
    assertThat(p.columns())
        .containsExactly(
            new io.tablewave.data.Column(
                "amount", io.tablewave.data.ColumnType.DECIMAL, 12, 2, true),
            io.tablewave.data.Column.of("ts", io.tablewave.data.ColumnType.TIMESTAMP),
            io.tablewave.data.Column.of("Mixed Case", io.tablewave.data.ColumnType.VARCHAR),
            io.tablewave.data.Column.of("n", io.tablewave.data.ColumnType.INTEGER),
            new io.tablewave.data.Column(
                "price", io.tablewave.data.ColumnType.DECIMAL, 18, 0, true));
    assertThat(TableProperties.defaults().columns()).isEmpty();
  }

  @Test
  void badColumnsAreRejectedSayingWhatIsWrong() {
    for (Map.Entry<String, String> bad :
        Map.of(
                "amount MONEY", "unknown type MONEY for field 'amount'",
                "amount DECIMAL(12,", "syntax error at column 18",
                "a INT, A BIGINT", "field 'A' is declared twice (also as 'a')",
                "_key VARCHAR", "'_key' is a metadata column",
                "d DECIMAL(50, 2)", "DECIMAL(50, 2) of field 'd' is out of range",
                "x INTEGER ARRAY", "unknown type",
                " ", "it declares no column")
            .entrySet()) {
      assertThatThrownBy(() -> TableProperties.parse(Map.of("columns", bad.getKey())))
          .as(bad.getKey())
          .isInstanceOfSatisfying(
              TablewaveException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PROPERTY))
          .hasMessageContaining("property 'columns'")
          .hasMessageContaining(bad.getValue());
    }
    assertThatThrownBy(() -> TableProperties.parse(Map.of("columns", "a INT", "format", "raw")))
        .hasMessageContaining("'format' is 'raw'");
  }
}
