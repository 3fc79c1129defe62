package io.tablewave.bench;

import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * Loading a topic: a plain kafka-clients consumer reading it, plain JDBC batch inserts of the same
 * rows into the same kind of store (DuckDB) and, for scale, DuckDB's appender, and {@code CREATE
 * TABLE ... AS SELECT * FROM kafka://topic} through the driver on a server in its own JVM, whose
 * peak resident memory is recorded.
 */
final class KafkaLoadBenchmark implements Benchmark {
  private static final String TOPIC = "bench_orders";
  private static final int PARTITIONS = 4;
  private static final String[] STATUSES = {"PAID", "SHIPPED", "CANCELLED", "RETURNED"};
  private static final String[] COUNTRIES = {"DE", "FR", "US", "JP", "BR", "IN"};

  @Override
  public String name() {
    return "kafka-load";
  }

  /** One record's fields; the JSON value and the JDBC row are made from the same numbers. */
  private record Order(long id, long customer, double amount, String status, String country) {
    static Order of(long id) {
      return new Order(
          id,
          id % 5000,
          (id % 10_000) / 100.0,
          STATUSES[(int) (id % 4)],
          COUNTRIES[(int) (id % 6)]);
    }

    String json() {
      return String.format(
          Locale.ROOT,
          "{\"order_id\":%d,\"customer_id\":%d,\"amount\":%.2f,\"status\":\"%s\","
              + "\"country\":\"%s\",\"channel\":\"web\"}",
          id,
          customer,
          amount,
          status,
          country);
    }
  }

  @Override
  public Report run(Scale scale) throws Exception {
    int records = scale.pick(1_000_000, 20_000);
    String serverHeap = scale.pick(512, 256) + "m";
    Report report =
        new Report(name(), scale)
            .parameter("records", records)
            .parameter("partitions", PARTITIONS)
            .parameter("record value bytes", Order.of(123_456).json().length())
            .parameter("server JVM", "-Xmx" + serverHeap + ", --workers 2")
            .parameter("repetitions (median kept)", scale.repetitions());
    Path work = Files.createTempDirectory("tablewave-bench-kafka");
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic(TOPIC, PARTITIONS);
      report.measure(
          "writing the topic (setup)",
          Timing.millis(() -> produce(kafka.bootstrapServers(), records)),
          "ms");
      try (ServerProcess server =
          ServerProcess.start(
              List.of("-Xmx" + serverHeap),
              work.resolve("server"),
              List.of("--kafka-bootstrap", kafka.bootstrapServers(), "--workers", "2"))) {
        List<Double> consumer = new ArrayList<>();
        List<Double> appender = new ArrayList<>();
        List<Double> ctas = new ArrayList<>();
        // Row-by-row JDBC batches are slow on DuckDB (minutes for a million rows): they run once.
        double inserts =
            Timing.millis(() -> insert(work.resolve("direct-inserts.duckdb"), records));
        double cold;
        try (Connection tablewave = DriverManager.getConnection(server.url())) {
          // The first load of a fresh server runs its load path before the JIT compiled it (about
          // three times as long as the next ones): reported apart, like the consumer's and the
          // appender's first runs are not, since they run in this warm JVM.
          cold = load(tablewave, "bench_orders_cold", records);
          for (int r = 0; r < scale.repetitions(); r++) {
            consumer.add(Timing.millis(() -> expect(records, consume(kafka.bootstrapServers()))));
            Path store = work.resolve("direct-appender-" + r + ".duckdb");
            appender.add(Timing.millis(() -> append(store, records)));
            // A new table each time: replacing the same one with nothing new in the topic would
            // find it up to date and read nothing.
            String table = "bench_orders_" + r;
            ctas.add(load(tablewave, table, records));
          }
        }
        double a = Timing.median(consumer);
        double b = inserts;
        double bulk = Timing.median(appender);
        double c = Timing.median(ctas);
        report
            .measure("(a) plain consumer", a, "ms")
            .measure("(a) plain consumer", records / a * 1000, "rows/s")
            .measure("(b) plain JDBC batch inserts into DuckDB", b, "ms")
            .measure("(b) plain JDBC batch inserts into DuckDB", records / b * 1000, "rows/s")
            .measure("(b') DuckDB's appender, its fastest bulk path", bulk, "ms")
            .measure(
                "(b') DuckDB's appender, its fastest bulk path", records / bulk * 1000, "rows/s")
            .measure("(c) CTAS from kafka:// through Tablewave", c, "ms")
            .measure("(c) CTAS from kafka:// through Tablewave", records / c * 1000, "rows/s")
            .measure("first CTAS of the fresh server (cold, not in the median)", cold, "ms")
            .measure(
                "server peak RSS", Machine.peakResidentBytes(server.pid()) / (1024.0 * 1024), "MiB")
            .ratioAtMost("c / max(a, b)", c / Math.max(a, b), 1.2)
            .ratioAtMost("c / a (against reading alone)", c / a, 1.5)
            .measure("c / max(a, b') (against the fastest writer)", c / Math.max(a, bulk), "ratio");
      }
    }
    return report;
  }

  /**
   * Loads the topic into a new table, checks its rows and drops it; the milliseconds of the load.
   */
  private static double load(Connection tablewave, String table, int records) throws Exception {
    double millis =
        Timing.millis(
            () ->
                Jdbc.execute(
                    tablewave, "CREATE TABLE " + table + " AS SELECT * FROM kafka://" + TOPIC));
    expect(records, Jdbc.scalar(tablewave, "SELECT COUNT(*) FROM " + table));
    Jdbc.execute(tablewave, "DROP TABLE " + table);
    return millis;
  }

  private static void produce(String bootstrap, int records) {
    try (KafkaProducer<byte[], byte[]> producer = BulkProducer.open(bootstrap)) {
      for (long id = 0; id < records; id++) {
        producer.send(
            new ProducerRecord<>(
                TOPIC,
                (int) (id % PARTITIONS),
                ("o" + id).getBytes(StandardCharsets.UTF_8),
                Order.of(id).json().getBytes(StandardCharsets.UTF_8)));
      }
      producer.flush();
    }
  }

  /** Reads every partition from the start to its end offset, as the load does (read committed). */
  private static long consume(String bootstrap) {
    Map<String, Object> config =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "isolation.level",
            "read_committed",
            "enable.auto.commit",
            "false",
            "max.poll.records",
            "2000");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (int p = 0; p < PARTITIONS; p++) {
        partitions.add(new TopicPartition(TOPIC, p));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long count = 0;
      long bytes = 0;
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          bytes += record.value().length;
          count++;
        }
      }
      if (bytes == 0 && count > 0) {
        throw new IllegalStateException("empty values");
      }
      return count;
    }
  }

  /**
   * The same rows, with the same metadata columns a Kafka table has, as JDBC batches in one
   * transaction.
   */
  private static void insert(Path file, int records) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      Jdbc.execute(
          connection,
          "CREATE TABLE orders (order_id BIGINT, customer_id BIGINT, amount DOUBLE,"
              + " status VARCHAR, country VARCHAR, channel VARCHAR, _key VARCHAR, _partition INTEGER, _offset BIGINT,"
              + " _timestamp TIMESTAMP)");
      connection.setAutoCommit(false);
      Timestamp now = new Timestamp(System.currentTimeMillis());
      try (PreparedStatement insert =
          connection.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
        for (long id = 0; id < records; id++) {
          Order order = Order.of(id);
          insert.setLong(1, order.id());
          insert.setLong(2, order.customer());
          insert.setDouble(3, order.amount());
          insert.setString(4, order.status());
          insert.setString(5, order.country());
          insert.setString(6, "web");
          insert.setString(7, "o" + id);
          insert.setInt(8, (int) (id % PARTITIONS));
          insert.setLong(9, id / PARTITIONS);
          insert.setTimestamp(10, now);
          insert.addBatch();
          if (id % 10_000 == 9_999) {
            insert.executeBatch();
          }
        }
        insert.executeBatch();
      }
      connection.commit();
    }
  }

  /** The same rows through DuckDB's appender, which Tablewave's DuckDB store writes with too. */
  private static void append(Path file, int records) throws Exception {
    try (Connection connection = DriverManager.getConnection("jdbc:duckdb:" + file)) {
      Jdbc.execute(
          connection,
          "CREATE TABLE orders (order_id BIGINT, customer_id BIGINT, amount DOUBLE,"
              + " status VARCHAR, country VARCHAR, channel VARCHAR, _key VARCHAR, _partition INTEGER, _offset BIGINT,"
              + " _timestamp TIMESTAMP)");
      LocalDateTime now = LocalDateTime.now();
      try (DuckDBAppender appender =
          connection
              .unwrap(DuckDBConnection.class)
              .createAppender(DuckDBConnection.DEFAULT_SCHEMA, "orders")) {
        for (long id = 0; id < records; id++) {
          Order order = Order.of(id);
          appender.beginRow();
          appender.append(order.id());
          appender.append(order.customer());
          appender.append(order.amount());
          appender.append(order.status());
          appender.append(order.country());
          appender.append("web");
          appender.append("o" + id);
          appender.append((int) (id % PARTITIONS));
          appender.append(id / PARTITIONS);
          appender.append(now);
          appender.endRow();
        }
      }
    }
  }

  private static void expect(long expected, long actual) {
    if (expected != actual) {
      throw new IllegalStateException("got " + actual + " rows, expected " + expected);
    }
  }
}
