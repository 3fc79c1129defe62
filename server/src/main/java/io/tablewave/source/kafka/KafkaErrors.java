package io.tablewave.source.kafka;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.util.concurrent.ExecutionException;

/** Turns Kafka client failures into messages that say what to check. */
final class KafkaErrors {
  private KafkaErrors() {}

  static TablewaveException unreachable(KafkaSourceSettings settings, Throwable cause) {
    Throwable reason =
        cause instanceof ExecutionException && cause.getCause() != null ? cause.getCause() : cause;
    String detail =
        reason.getMessage() == null ? reason.getClass().getSimpleName() : reason.getMessage();
    return new TablewaveException(
        ErrorCode.SOURCE_UNAVAILABLE,
        "Kafka cluster at "
            + settings.bootstrapServers()
            + " is not reachable: "
            + detail
            + ", check --kafka-bootstrap or 'kafka.bootstrap.servers'",
        cause);
  }

  static TablewaveException missingTopic(String topic, KafkaSourceSettings settings) {
    return new TablewaveException(
        ErrorCode.MISSING_TOPIC,
        "Kafka topic '"
            + topic
            + "' does not exist in the cluster at "
            + settings.bootstrapServers()
            + "; create it or check the name");
  }
}
