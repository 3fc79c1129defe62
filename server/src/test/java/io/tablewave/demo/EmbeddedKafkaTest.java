package io.tablewave.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaTest {
  @Test
  void producesAndConsumesOnAFreePort() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      roundTrip(kafka);
    }
  }

  @Test
  void listensOnAGivenPort() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    try (EmbeddedKafka kafka = EmbeddedKafka.start(port)) {
      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      roundTrip(kafka);
    }
  }

  @Test
  void aTakenPortIsRefusedNamingIt() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThatThrownBy(() -> EmbeddedKafka.start(taken.getLocalPort()))
          .hasMessageContaining("port " + taken.getLocalPort());
    }
  }

  private static void roundTrip(EmbeddedKafka kafka) throws Exception {
    {
      kafka.createTopic("t1", 1);
      Properties p = new Properties();
      p.put("bootstrap.servers", kafka.bootstrapServers());
      try (KafkaProducer<String, String> producer =
          new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
        producer.send(new ProducerRecord<>("t1", "k", "v")).get();
      }
      try (KafkaConsumer<String, String> consumer =
          new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
        TopicPartition tp = new TopicPartition("t1", 0);
        consumer.assign(List.of(tp));
        consumer.seekToBeginning(List.of(tp));
        List<ConsumerRecord<String, String>> records =
            consumer.poll(Duration.ofSeconds(10)).records(tp);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("v");
      }
    }
  }
}
