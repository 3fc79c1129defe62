package io.tablewave.testing;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** The JSON orders the Kafka suites write: id, an amount of id mod 100, one of five categories. */
public final class Orders {
  private Orders() {}

  public static String json(int id) {
    return "{\"id\": "
        + id
        + ", \"amount\": "
        + (id % 100)
        + ", \"category\": \"c"
        + (id % 5)
        + "\"}";
  }

  /**
   * Writes orders {@code from} (inclusive) to {@code to} (exclusive) round-robin over the
   * partitions.
   */
  public static void produce(
      Producer<String, String> producer, String topic, int partitions, int from, int to) {
    for (int i = from; i < to; i++) {
      producer.send(new ProducerRecord<>(topic, i % partitions, "k" + i, json(i)));
    }
    producer.flush();
  }
}
