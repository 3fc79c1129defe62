package io.tablewave.bench;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** A producer tuned for writing many records fast: large batches, one acknowledgement. */
final class BulkProducer {
  private BulkProducer() {}

  static KafkaProducer<byte[], byte[]> open(String bootstrap) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "linger.ms",
            "20",
            "batch.size",
            "262144",
            "acks",
            "1",
            "compression.type",
            "none");
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }
}
