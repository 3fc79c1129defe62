package io.tablewave.bench;

import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A continuous table and a continuous aggregate downstream of it, fed at a steady rate: how long a
 * record takes from its produce to its visibility in each table (p50, p99), and whether every
 * record is in both exactly once at the end. The server runs in its own JVM; records are produced
 * round-robin over the partitions and carry their sequence number, and a poller reads, per
 * partition, the highest sequence number each table shows: a record is visible from the first poll
 * that shows its partition's number at or above its own.
 */
final class ContinuousBenchmark implements Benchmark {
  private static final String TOPIC = "bench_stream";
  private static final int PARTITIONS = 4;
  private static final int WARM_UP = 100;
  private static final long POLL_MILLIS = 100;
  private static final long TICK_MILLIS = 10;

  @Override
  public String name() {
    return "continuous";
  }

  @Override
  public Report run(Scale scale) throws Exception {
    int rate = scale.pick(10_000, 1_000);
    int seconds = scale.pick(60, 10);
    int records = rate * seconds;
    Report report =
        new Report(name(), scale)
            .parameter("records per second", rate)
            .parameter("seconds", seconds)
            .parameter("partitions", PARTITIONS)
            .parameter("refresh.interval", "1s (the default)")
            .parameter("server JVM", "-Xmx1g, --workers 2")
            .parameter("visibility polled every", POLL_MILLIS + " ms");
    Path work = Files.createTempDirectory("tablewave-bench-continuous");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
      kafka.createTopic(TOPIC, PARTITIONS);
      long[] producedAt = new long[WARM_UP + records];
      for (int seq = 0; seq < WARM_UP; seq++) {
        send(producer, seq, producedAt);
      }
      producer.flush();
      try (ServerProcess server =
              ServerProcess.start(
                  List.of("-Xmx1g"),
                  work.resolve("server"),
                  List.of("--kafka-bootstrap", kafka.bootstrapServers(), "--workers", "2"));
          Connection connection = DriverManager.getConnection(server.url())) {
        try (Statement statement = connection.createStatement()) {
          statement.addBatch(
              "CREATE TABLE stream_raw WITH ('refresh' = 'continuous') AS SELECT * FROM kafka://"
                  + TOPIC);
          statement.addBatch(
              "CREATE TABLE stream_totals AS SELECT _partition AS p, COUNT(*) AS n,"
                  + " MAX(seq) AS last_seq FROM stream_raw GROUP BY _partition");
          statement.executeBatch();
        }
        Visibility raw =
            new Visibility(
                "SELECT _partition, MAX(seq) FROM stream_raw GROUP BY _partition", producedAt);
        Visibility totals =
            new Visibility("SELECT p, MAX(last_seq) FROM stream_totals GROUP BY p", producedAt);
        raw.poll(connection);
        totals.poll(connection);
        AtomicBoolean polling = new AtomicBoolean(true);
        CompletableFuture<Void> poller =
            CompletableFuture.runAsync(
                () -> {
                  try (Connection own = DriverManager.getConnection(server.url())) {
                    while (polling.get()) {
                      raw.poll(own);
                      totals.poll(own);
                      Thread.sleep(POLL_MILLIS);
                    }
                  } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException("polling the tables failed: " + e, e);
                  }
                });
        long started = System.currentTimeMillis();
        int perTick = (int) (rate * TICK_MILLIS / 1000);
        for (int seq = WARM_UP; seq < WARM_UP + records; ) {
          long due = started + (long) (seq - WARM_UP) * 1000 / rate;
          long wait = due - System.currentTimeMillis();
          if (wait > 0) {
            Thread.sleep(wait);
          }
          for (int i = 0; i < perTick && seq < WARM_UP + records; i++, seq++) {
            send(producer, seq, producedAt);
          }
        }
        producer.flush();
        double produceSeconds = (System.currentTimeMillis() - started) / 1000.0;
        long total = WARM_UP + records;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while ((raw.visible() < total || totals.visible() < total)
            && System.nanoTime() < deadline) {
          Thread.sleep(POLL_MILLIS);
        }
        polling.set(false);
        poller.get(60, TimeUnit.SECONDS);
        long rows = Jdbc.scalar(connection, "SELECT COUNT(*) FROM stream_raw");
        long distinct = Jdbc.scalar(connection, "SELECT COUNT(DISTINCT seq) FROM stream_raw");
        long counted = Jdbc.scalar(connection, "SELECT SUM(n) FROM stream_totals");
        boolean exact = rows == total && distinct == total && counted == total;
        long refreshes =
            Jdbc.scalar(
                connection,
                "SELECT COUNT(*) FROM SYS.CONTINUOUS_REFRESHES WHERE TABLE_NAME = 'STREAM_RAW'"
                    + " AND STATUS = 'SUCCEEDED'");
        report
            .measure("achieved produce rate", records / produceSeconds, "records/s")
            .measure("continuous table: produce to visible, p50", raw.percentile(0.50), "ms")
            .measure("continuous table: produce to visible, p99", raw.percentile(0.99), "ms")
            .measure("continuous aggregate: produce to visible, p50", totals.percentile(0.50), "ms")
            .measure("continuous aggregate: produce to visible, p99", totals.percentile(0.99), "ms")
            .measure("refreshes that loaded rows", refreshes, "count")
            .measure("rows in the table at the end", rows, "rows")
            .measure("distinct records in the table", distinct, "rows")
            .measure("records counted by the aggregate", counted, "rows")
            .measure("every record exactly once in both (1 = yes)", exact ? 1 : 0, "flag")
            .ratioAtMost("p99 of the continuous table / 3 s", raw.percentile(0.99) / 3000.0, 1.0)
            .note(
                "records produced: "
                    + total
                    + " ("
                    + WARM_UP
                    + " before the tables were created); latency includes up to "
                    + POLL_MILLIS
                    + " ms of polling");
      }
    }
    return report;
  }

  private static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
    Map<String, Object> config =
        Map.of("bootstrap.servers", bootstrap, "linger.ms", "5", "acks", "1");
    return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
  }

  private static void send(KafkaProducer<byte[], byte[]> producer, int seq, long[] producedAt) {
    producedAt[seq] = System.currentTimeMillis();
    String json =
        String.format(
            Locale.ROOT,
            "{\"seq\":%d,\"customer_id\":%d,\"amount\":%d.25}",
            seq,
            seq % 5000,
            seq % 1000);
    producer.send(
        new ProducerRecord<>(
            TOPIC,
            seq % PARTITIONS,
            ("s" + seq).getBytes(StandardCharsets.UTF_8),
            json.getBytes(StandardCharsets.UTF_8)));
  }

  /** When each record became visible in one table, from polls of its per-partition maxima. */
  private static final class Visibility {
    private final String query;
    private final long[] producedAt;
    private final Map<Integer, Long> shown = new HashMap<>();
    private final List<Double> latencies = new ArrayList<>();
    private long visible;

    Visibility(String query, long[] producedAt) {
      this.query = query;
      this.producedAt = producedAt;
    }

    synchronized void poll(Connection connection) throws SQLException {
      long now = System.currentTimeMillis();
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery(query)) {
        while (rs.next()) {
          int partition = rs.getInt(1);
          long max = rs.getLong(2);
          long before = shown.getOrDefault(partition, -1L);
          // the records of this partition are those whose sequence number is congruent to it
          for (long seq = firstOf(partition, before + 1); seq <= max; seq += PARTITIONS) {
            if (seq >= ContinuousBenchmark.WARM_UP && seq < producedAt.length) {
              latencies.add((double) (now - producedAt[(int) seq]));
            }
            visible++;
          }
          shown.put(partition, Math.max(before, max));
        }
      }
    }

    private static long firstOf(int partition, long from) {
      long seq = from - Math.floorMod(from, PARTITIONS) + partition;
      return seq < from ? seq + PARTITIONS : seq;
    }

    synchronized long visible() {
      return visible;
    }

    synchronized double percentile(double share) {
      return latencies.isEmpty() ? Double.NaN : Timing.percentile(latencies, share);
    }
  }
}
