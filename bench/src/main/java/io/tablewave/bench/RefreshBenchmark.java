package io.tablewave.bench;

import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.testing.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * An incremental refresh costs what is new, not what the table holds: {@code REFRESH TABLE} of a
 * Kafka table after a few new records, on a table of a million records and on one of ten million,
 * beside a full reload ({@code REFRESH ... FULL}) of the smaller one, in rounds: new records, the
 * two refreshes, the full reload. The server runs in its own JVM on DuckDB; the medians are those
 * of the rounds after the warm-up ones.
 */
final class RefreshBenchmark implements Benchmark {
  private static final String SMALL = "bench_refresh_small";
  private static final String LARGE = "bench_refresh_large";
  private static final int PARTITIONS = 4;

  /**
   * Rounds run before the measured ones, as a server that refreshes on a schedule has: the first
   * refreshes of a fresh server run its refresh path's code before the JIT compiled it (they take
   * two to three times as long) and are reported apart.
   */
  private static final int WARM_UP_ROUNDS = 5;

  private static final int MEASURED_ROUNDS = 7;

  @Override
  public String name() {
    return "refresh";
  }

  @Override
  public Report run(Scale scale) throws Exception {
    int small = scale.pick(1_000_000, 20_000);
    int large = scale.pick(10_000_000, 200_000);
    int fresh = scale.pick(10_000, 1_000);
    String serverHeap = scale.pick(1024, 256) + "m";
    Report report =
        new Report(name(), scale)
            .parameter("records of the smaller table", small)
            .parameter("records of the larger table", large)
            .parameter("new records per refresh", fresh)
            .parameter("partitions", PARTITIONS)
            .parameter("server JVM", "-Xmx" + serverHeap + ", --workers 2")
            .parameter(
                "rounds: warm-up, then measured (median kept)",
                scale.pick(WARM_UP_ROUNDS, 0) + ", " + scale.pick(MEASURED_ROUNDS, 1));
    Path work = Files.createTempDirectory("tablewave-bench-refresh");
    try (EmbeddedKafka kafka = EmbeddedKafka.start();
        KafkaProducer<byte[], byte[]> producer = BulkProducer.open(kafka.bootstrapServers())) {
      kafka.createTopic(SMALL, PARTITIONS);
      kafka.createTopic(LARGE, PARTITIONS);
      long[] next = new long[2];
      report.measure(
          "writing the topics (setup)",
          Timing.millis(
              () -> {
                next[0] = produce(producer, SMALL, 0, small);
                next[1] = produce(producer, LARGE, 0, large);
              }),
          "ms");
      try (ServerProcess server =
              ServerProcess.start(
                  List.of("-Xmx" + serverHeap),
                  work.resolve("server"),
                  List.of("--kafka-bootstrap", kafka.bootstrapServers(), "--workers", "2"));
          Connection tablewave = DriverManager.getConnection(server.url())) {
        report.measure(
            "first load of the larger table (setup)",
            Timing.millis(
                () ->
                    Jdbc.execute(
                        tablewave, "CREATE TABLE r_large AS SELECT * FROM kafka://" + LARGE)),
            "ms");
        Jdbc.execute(tablewave, "CREATE TABLE r_small AS SELECT * FROM kafka://" + SMALL);
        List<Double> smallRefresh = new ArrayList<>();
        List<Double> largeRefresh = new ArrayList<>();
        List<Double> fullReload = new ArrayList<>();
        int warmUp = scale.pick(WARM_UP_ROUNDS, 0);
        int rounds = warmUp + scale.pick(MEASURED_ROUNDS, 1);
        for (int r = 0; r < rounds; r++) {
          next[0] = produce(producer, SMALL, next[0], fresh);
          next[1] = produce(producer, LARGE, next[1], fresh);
          smallRefresh.add(Timing.millis(() -> Jdbc.execute(tablewave, "REFRESH TABLE r_small")));
          largeRefresh.add(Timing.millis(() -> Jdbc.execute(tablewave, "REFRESH TABLE r_large")));
          expect(next[0], Jdbc.scalar(tablewave, "SELECT COUNT(*) FROM r_small"));
          expect(next[1], Jdbc.scalar(tablewave, "SELECT COUNT(*) FROM r_large"));
          expect(
              1,
              Jdbc.scalar(
                  tablewave,
                  "SELECT COUNT(*) FROM SYS.REFRESHES WHERE TABLE_NAME = 'R_LARGE'"
                      + " AND MODE = 'INCREMENTAL' AND ROWS_APPENDED = "
                      + fresh
                      + " AND BATCH_ID = (SELECT MAX(BATCH_ID) FROM SYS.BATCHES)"));
          fullReload.add(
              Timing.millis(() -> Jdbc.execute(tablewave, "REFRESH TABLE r_small FULL")));
        }
        report
            .measure(
                "first incremental refresh of the smaller table (cold server)",
                smallRefresh.get(0),
                "ms")
            .measure(
                "first incremental refresh of the larger table (cold server)",
                largeRefresh.get(0),
                "ms");
        double a = Timing.median(smallRefresh.subList(warmUp, rounds));
        double b = Timing.median(largeRefresh.subList(warmUp, rounds));
        double full = Timing.median(fullReload.subList(warmUp, rounds));
        report
            .measure("(a) incremental refresh of the smaller table", a, "ms")
            .measure("(b) incremental refresh of the larger table", b, "ms")
            .measure("(c) full reload of the smaller table", full, "ms")
            .ratioAtMost("b / a (larger against smaller)", b / a, 1.5)
            .ratioAtMost("max(a, b) / c (against a full reload)", Math.max(a, b) / full, 1 / 20.0);
      }
    }
    return report;
  }

  /** Writes {@code count} orders from id {@code from}; returns the next id. */
  private static long produce(
      KafkaProducer<byte[], byte[]> producer, String topic, long from, long count) {
    for (long id = from; id < from + count; id++) {
      String json =
          String.format(
              Locale.ROOT,
              "{\"order_id\":%d,\"customer_id\":%d,\"amount\":%.2f,\"country\":\"c%d\"}",
              id,
              id % 5000,
              (id % 10_000) / 100.0,
              id % 6);
      producer.send(
          new ProducerRecord<>(
              topic,
              (int) (id % PARTITIONS),
              ("o" + id).getBytes(StandardCharsets.UTF_8),
              json.getBytes(StandardCharsets.UTF_8)));
    }
    producer.flush();
    return from + count;
  }

  private static void expect(long expected, long actual) {
    if (expected != actual) {
      throw new IllegalStateException("got " + actual + " rows, expected " + expected);
    }
  }
}
