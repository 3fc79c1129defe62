package io.tablewave.server;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.dispatch.TopicChecker;
import io.tablewave.source.kafka.KafkaCatalog;
import io.tablewave.source.kafka.TopicLook;
import io.tablewave.sql.TableProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The planner's questions about topics, answered from the server's Kafka clusters: each question
 * looks again, except within a batch ({@link #forBatch()}), which looks at each topic once.
 */
final class KafkaTopicChecker implements TopicChecker {
  private final KafkaCatalog kafka;
  private final Supplier<TopicLook> looks;
  private final Optional<TopicLook> batchLook;

  KafkaTopicChecker(KafkaCatalog kafka) {
    this(kafka, Optional.empty());
  }

  private KafkaTopicChecker(KafkaCatalog kafka, Optional<TopicLook> batchLook) {
    this.kafka = requireNonNull(kafka, "kafka is null");
    this.batchLook = batchLook;
    this.looks = batchLook.isPresent() ? batchLook::get : kafka::look;
  }

  @Override
  public TopicChecker forBatch() {
    return new KafkaTopicChecker(kafka, Optional.of(kafka.look()));
  }

  @Override
  public Optional<TopicLook> look() {
    return batchLook;
  }

  @Override
  public Optional<String> problem(String topic, Map<String, String> tableProperties) {
    return batchLook.isPresent()
        ? batchLook.get().problem(topic, tableProperties)
        : kafka.problem(topic, tableProperties);
  }

  @Override
  public OptionalLong records(String topic, Map<String, String> tableProperties) {
    return looks.get().records(topic, tableProperties);
  }

  @Override
  public Optional<List<Column>> columns(String topic, Map<String, String> tableProperties) {
    return Optional.of(looks.get().columns(topic, TableProperties.parse(tableProperties)));
  }

  @Override
  public Optional<String> dataVersion(String topic, Map<String, String> tableProperties) {
    return Optional.of(looks.get().dataVersion(topic, tableProperties));
  }
}
