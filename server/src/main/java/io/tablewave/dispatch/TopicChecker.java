package io.tablewave.dispatch;

import io.tablewave.data.Column;
import io.tablewave.source.kafka.TopicLook;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** Tells the planner whether a Kafka topic a table reads can be read. */
public interface TopicChecker {
  /**
   * @param tableProperties the WITH properties of the table that reads the topic
   * @return empty when the topic exists, else why it cannot be read
   */
  Optional<String> problem(String topic, Map<String, String> tableProperties);

  /** About how many records a load of the topic would read, when that can be known quickly. */
  default OptionalLong records(String topic, Map<String, String> tableProperties) {
    return OptionalLong.empty();
  }

  /**
   * The columns of a table that reads the topic with these properties, as a load started now would
   * have them; empty when they cannot be known before the load.
   *
   * @throws io.tablewave.error.TablewaveException when the topic cannot be read
   */
  default Optional<List<Column>> columns(String topic, Map<String, String> tableProperties) {
    return Optional.empty();
  }

  /**
   * The records a load of the topic would read now, as text (topic id and offset ranges); equal
   * texts mean the same records. Empty when that cannot be known: the table is then never up to
   * date.
   */
  default Optional<String> dataVersion(String topic, Map<String, String> tableProperties) {
    return Optional.empty();
  }

  /**
   * A checker for one batch: it asks the cluster about each topic once, so that the batch's
   * planning, its up-to-date checks and its refreshes see the same offsets.
   */
  default TopicChecker forBatch() {
    return this;
  }

  /** The look at topics {@link #forBatch()} took, for the batch's refreshes; empty when none. */
  default Optional<TopicLook> look() {
    return Optional.empty();
  }

  /** For a server without a Kafka cluster: every topic is a problem. */
  static TopicChecker none() {
    return (topic, properties) ->
        Optional.of(
            "topic '"
                + topic
                + "' cannot be read: no Kafka cluster is configured"
                + " (start the server with --kafka-bootstrap HOST:PORT or give 'kafka.bootstrap.servers' in WITH)");
  }
}
