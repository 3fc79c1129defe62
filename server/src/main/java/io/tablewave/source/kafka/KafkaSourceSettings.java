package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach a Kafka cluster: the bootstrap servers, extra client properties (the {@code kafka.*}
 * WITH properties with the prefix stripped, overriding Tablewave's defaults) and the time limit for
 * metadata calls.
 */
public record KafkaSourceSettings(
    String bootstrapServers, Map<String, String> clientProperties, Duration requestTimeout) {

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final String PREFIX = "kafka.";

  public KafkaSourceSettings {
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    requireNonNull(requestTimeout, "requestTimeout is null");
    clientProperties = Map.copyOf(requireNonNull(clientProperties, "clientProperties is null"));
    if (bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers is blank");
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive");
    }
  }

  public static KafkaSourceSettings of(String bootstrapServers) {
    return new KafkaSourceSettings(bootstrapServers, Map.of(), DEFAULT_REQUEST_TIMEOUT);
  }

  /**
   * Builds settings from a table's WITH properties: every {@code kafka.*} key is passed to the
   * clients without its prefix; {@code kafka.bootstrap.servers} overrides the server default.
   */
  public static KafkaSourceSettings fromProperties(
      String defaultBootstrapServers, Map<String, String> withProperties) {
    requireNonNull(defaultBootstrapServers, "defaultBootstrapServers is null");
    requireNonNull(withProperties, "withProperties is null");
    Map<String, String> client = new LinkedHashMap<>();
    withProperties.forEach(
        (key, value) -> {
          if (key.startsWith(PREFIX) && key.length() > PREFIX.length()) {
            client.put(key.substring(PREFIX.length()), value);
          }
        });
    String bootstrap = client.getOrDefault("bootstrap.servers", defaultBootstrapServers);
    client.remove("bootstrap.servers");
    String requestTimeout = client.remove("request.timeout.ms");
    return new KafkaSourceSettings(
        bootstrap,
        client,
        requestTimeout == null
            ? DEFAULT_REQUEST_TIMEOUT
            : Duration.ofMillis(requestTimeoutMillis(requestTimeout)));
  }

  private static long requestTimeoutMillis(String value) {
    String digits = value.strip();
    if (!digits.matches("\\d{1,9}") || Long.parseLong(digits) == 0) {
      throw new TablewaveException(
          ErrorCode.INVALID_PROPERTY,
          "Invalid value '"
              + value
              + "' for property 'kafka.request.timeout.ms'; allowed values: a positive number of milliseconds.");
    }
    return Long.parseLong(digits);
  }

  public KafkaSourceSettings withRequestTimeout(Duration timeout) {
    return new KafkaSourceSettings(bootstrapServers, clientProperties, timeout);
  }

  /** Properties of a consumer that reads committed records by explicit assignment. */
  Map<String, Object> consumerConfig(String clientId) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("client.id", clientId);
    config.put("max.poll.records", "2000");
    config.put("fetch.max.bytes", String.valueOf(8 * 1024 * 1024));
    config.put("max.partition.fetch.bytes", String.valueOf(1024 * 1024));
    config.put("auto.offset.reset", "earliest");
    // A read stops at end offsets it knows, so a fetch past them has nothing to wait for; left at
    // Kafka's 500 ms, such a fetch still in flight when a kept consumer serves its next load holds
    // that load's first fetch back.
    config.put("fetch.max.wait.ms", "10");
    config.put("request.timeout.ms", String.valueOf(requestTimeout.toMillis()));
    config.put("default.api.timeout.ms", String.valueOf(requestTimeout.toMillis()));
    config.put("socket.connection.setup.timeout.ms", "3000");
    config.put("socket.connection.setup.timeout.max.ms", "5000");
    config.putAll(clientProperties);
    // Not overridable: the reader depends on them.
    config.put("bootstrap.servers", bootstrapServers);
    config.put("isolation.level", "read_committed");
    config.put("enable.auto.commit", "false");
    config.remove("group.id");
    config.put("key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    config.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    return config;
  }

  /** Properties of an admin client whose calls give up within the request timeout. */
  Map<String, Object> adminConfig() {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("client.id", "tablewave-admin");
    config.put("request.timeout.ms", String.valueOf(requestTimeout.toMillis()));
    config.put("default.api.timeout.ms", String.valueOf(requestTimeout.toMillis()));
    config.put("socket.connection.setup.timeout.ms", "3000");
    config.put("socket.connection.setup.timeout.max.ms", "5000");
    for (Map.Entry<String, String> e : clientProperties.entrySet()) {
      if (!isConsumerOnly(e.getKey())) {
        config.put(e.getKey(), e.getValue());
      }
    }
    config.put("bootstrap.servers", bootstrapServers);
    return config;
  }

  private static boolean isConsumerOnly(String key) {
    return key.startsWith("fetch.")
        || key.startsWith("max.poll")
        || key.startsWith("max.partition")
        || key.startsWith("auto.")
        || key.startsWith("group.")
        || key.endsWith(".deserializer")
        || key.equals("isolation.level")
        || key.equals("enable.auto.commit")
        || key.equals("heartbeat.interval.ms")
        || key.equals("check.crcs")
        || key.equals("client.rack")
        || key.equals("interceptor.classes")
        || key.equals("partition.assignment.strategy")
        || key.equals("exclude.internal.topics")
        || key.equals("allow.auto.create.topics");
  }
}
