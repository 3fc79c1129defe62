package io.tablewave.source.kafka;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Writes test records to a real broker and waits until they are acknowledged. */
final class TestRecords implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final List<Future<RecordMetadata>> pending = new ArrayList<>();

  TestRecords(String bootstrapServers) {
    this(bootstrapServers, Map.of());
  }

  TestRecords(String bootstrapServers, Map<String, Object> extra) {
    Map<String, Object> config = new java.util.HashMap<>(extra);
    config.put("bootstrap.servers", bootstrapServers);
    config.putIfAbsent("linger.ms", "5");
    config.putIfAbsent("batch.size", "262144");
    producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  KafkaProducer<byte[], byte[]> producer() {
    return producer;
  }

  TestRecords send(String topic, Integer partition, String key, String value) {
    return send(topic, partition, key, value, null);
  }

  TestRecords send(String topic, Integer partition, String key, String value, Long timestamp) {
    pending.add(
        producer.send(
            new ProducerRecord<>(
                topic,
                partition,
                timestamp,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8))));
    if (pending.size() >= 10_000) {
      flush();
    }
    return this;
  }

  void flush() {
    producer.flush();
    try {
      for (Future<RecordMetadata> f : pending) {
        f.get();
      }
    } catch (Exception e) {
      throw new IllegalStateException("send failed: " + e.getMessage(), e);
    }
    pending.clear();
  }

  @Override
  public void close() {
    flush();
    producer.close();
  }
}
