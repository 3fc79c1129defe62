package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import io.tablewave.sql.TableProperties;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a table's validated WITH properties into how to read one of its topics. */
public final class TopicLoadSpecs {
  private TopicLoadSpecs() {}

  public static TopicLoadSpec from(
      String topic, TableProperties properties, String defaultBootstrapServers) {
    requireNonNull(topic, "topic is null");
    requireNonNull(properties, "properties is null");
    TopicLoadSpec.Format format =
        switch (properties.format()) {
          case JSON -> TopicLoadSpec.Format.JSON;
          case CSV -> TopicLoadSpec.Format.CSV;
          case RAW -> TopicLoadSpec.Format.RAW;
        };
    TopicLoadSpec.Startup startup =
        switch (properties.startupMode()) {
          case EARLIEST_OFFSET -> TopicLoadSpec.Startup.earliest();
          case LATEST_OFFSET -> TopicLoadSpec.Startup.latest();
          case TIMESTAMP ->
              TopicLoadSpec.Startup.timestamp(properties.startupTimestampMillis().orElseThrow());
        };
    TopicLoadSpec.Bound bound =
        switch (properties.boundedMode()) {
          case LATEST_OFFSET -> TopicLoadSpec.Bound.latestOffset();
          case TIMESTAMP ->
              TopicLoadSpec.Bound.timestamp(properties.boundedTimestampMillis().orElseThrow());
        };
    TopicLoadSpec.OnBadRecord onBadRecord =
        switch (properties.onBadRecord()) {
          case FAIL -> TopicLoadSpec.OnBadRecord.FAIL;
          case SKIP -> TopicLoadSpec.OnBadRecord.SKIP;
        };
    Map<String, String> prefixed = new LinkedHashMap<>();
    properties
        .kafka()
        .forEach((key, value) -> prefixed.put(TableProperties.KAFKA_PREFIX + key, value));
    KafkaSourceSettings settings =
        KafkaSourceSettings.fromProperties(
            defaultBootstrapServers == null ? "" : defaultBootstrapServers, prefixed);
    return new TopicLoadSpec(
        topic, format, startup, bound, onBadRecord, settings, properties.columns());
  }
}
