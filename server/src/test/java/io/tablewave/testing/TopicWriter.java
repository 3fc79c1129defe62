package io.tablewave.testing;

import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes JSON (or any text) records to a topic of a test broker, spread over its partitions. */
public final class TopicWriter implements AutoCloseable {
  private final KafkaProducer<String, String> producer;

  public TopicWriter(String bootstrapServers) {
    this.producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class.getName(),
                ProducerConfig.LINGER_MS_CONFIG,
                "5"));
  }

  /**
   * Writes {@code values} round-robin over {@code partitions} partitions, keyed {@code k<i>}, and
   * flushes.
   */
  public void write(String topic, int partitions, List<String> values) {
    for (int i = 0; i < values.size(); i++) {
      producer.send(new ProducerRecord<>(topic, i % partitions, "k" + i, values.get(i)));
    }
    producer.flush();
  }

  @Override
  public void close() {
    producer.close();
  }
}
