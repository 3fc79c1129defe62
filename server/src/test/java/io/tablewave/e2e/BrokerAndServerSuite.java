package io.tablewave.e2e;

import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.sql.Connection;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * One real broker, a producer, a server on a store and a driver connection, shared by the tests of
 * a suite that runs once per store.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BrokerAndServerSuite {
  EmbeddedKafka kafka;
  KafkaProducer<String, String> producer;
  TestServer server;
  Connection connection;

  abstract TestStore store();

  /**
   * Options for the server beyond the store's defaults; a suite may start what its store needs
   * here.
   */
  Map<ServerOption, String> serverOptions() throws Exception {
    return Map.of();
  }

  /** Called once the server has stopped. */
  void afterServerStopped() throws Exception {}

  @BeforeAll
  void start() throws Exception {
    kafka = EmbeddedKafka.start();
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    producer = new KafkaProducer<>(properties);
    Map<ServerOption, String> options = new EnumMap<>(ServerOption.class);
    options.putAll(serverOptions());
    options.put(ServerOption.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
    server = TestServer.start(store(), options);
    connection = server.connect();
  }

  @AfterAll
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
    if (producer != null) {
      producer.close();
    }
    if (kafka != null) {
      kafka.close();
    }
    afterServerStopped();
  }
}
