package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.source.kafka.TopicLoadSpec.Bound;
import io.tablewave.source.kafka.TopicLoadSpec.Format;
import io.tablewave.source.kafka.TopicLoadSpec.OnBadRecord;
import io.tablewave.source.kafka.TopicLoadSpec.Startup;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the Kafka-related WITH properties of a table ({@code format}, {@code scan.*},
 * {@code on-bad-record}, {@code kafka.*}) into a {@link TopicLoadSpec}, rejecting unknown
 * {@code scan.*} keys and bad values with {@code INVALID_PROPERTY}. Other keys are ignored.
 */
public final class TopicLoadSpecParser {
  private static final Set<String> SCAN_KEYS = Set.of(
      "scan.startup.mode", "scan.startup.timestamp-millis",
      "scan.bounded.mode", "scan.bounded.timestamp-millis");

  private final String defaultBootstrapServers;

  /** @param defaultBootstrapServers the server's {@code --kafka-bootstrap} */
  public TopicLoadSpecParser(String defaultBootstrapServers) {
    this.defaultBootstrapServers =
        requireNonNull(defaultBootstrapServers, "defaultBootstrapServers is null");
  }

  public TopicLoadSpec parse(String topic, Map<String, String> properties) {
    requireNonNull(topic, "topic is null");
    requireNonNull(properties, "properties is null");
    for (String key : properties.keySet()) {
      if (key.startsWith("scan.") && !SCAN_KEYS.contains(key)) {
        throw invalid(key, properties.get(key), "unknown scan property; known: "
            + String.join(", ", SCAN_KEYS.stream().sorted().toList()));
      }
    }
    Format format = switch (value(properties, "format", "json")) {
      case "json" -> Format.JSON;
      case "csv" -> Format.CSV;
      case "raw" -> Format.RAW;
      default -> throw invalid("format", properties.get("format"), "use json, csv or raw");
    };
    Startup startup = switch (value(properties, "scan.startup.mode", "earliest-offset")) {
      case "earliest-offset" -> Startup.earliest();
      case "latest-offset" -> Startup.latest();
      case "timestamp" -> Startup.timestamp(millis(properties, "scan.startup.timestamp-millis"));
      default -> throw invalid("scan.startup.mode", properties.get("scan.startup.mode"),
          "use earliest-offset, latest-offset or timestamp");
    };
    Bound bound = switch (value(properties, "scan.bounded.mode", "latest-offset")) {
      case "latest-offset" -> Bound.latestOffset();
      case "timestamp" -> Bound.timestamp(millis(properties, "scan.bounded.timestamp-millis"));
      default -> throw invalid("scan.bounded.mode", properties.get("scan.bounded.mode"),
          "use latest-offset or timestamp");
    };
    OnBadRecord onBadRecord = switch (value(properties, "on-bad-record", "fail")) {
      case "fail" -> OnBadRecord.FAIL;
      case "skip" -> OnBadRecord.SKIP;
      default -> throw invalid("on-bad-record", properties.get("on-bad-record"), "use fail or skip");
    };
    KafkaSourceSettings settings =
        KafkaSourceSettings.fromProperties(defaultBootstrapServers, properties);
    return new TopicLoadSpec(topic, format, startup, bound, onBadRecord, settings);
  }

  private static String value(Map<String, String> properties, String key, String defaultValue) {
    String value = properties.get(key);
    return value == null ? defaultValue : value.trim().toLowerCase(Locale.ROOT);
  }

  private static long millis(Map<String, String> properties, String key) {
    String value = properties.get(key);
    if (value == null) {
      throw new TablewaveException(ErrorCode.INVALID_PROPERTY,
          "property '" + key + "' is required by its timestamp mode; give epoch milliseconds");
    }
    try {
      long millis = Long.parseLong(value.trim());
      if (millis < 0) {
        throw invalid(key, value, "give non-negative epoch milliseconds");
      }
      return millis;
    } catch (NumberFormatException e) {
      throw invalid(key, value, "give epoch milliseconds, e.g. 1767225600000");
    }
  }

  private static TablewaveException invalid(String key, String value, String advice) {
    return new TablewaveException(ErrorCode.INVALID_PROPERTY,
        "bad value '" + value + "' for property '" + key + "': " + advice);
  }
}
