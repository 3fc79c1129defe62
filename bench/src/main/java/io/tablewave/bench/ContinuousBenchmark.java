package io.tablewave.bench;

import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A continuous table and a continuous aggregate downstream of it, fed at a steady rate: how long a
 * record takes from its produce to its visibility in each table (p50, p99), and whether every
 * record is in both exactly once at the end. The server runs in its own JVM.
 */
final class ContinuousBenchmark implements Benchmark {
  static final String TOPIC = "bench_stream";
  static final int PARTITIONS = 4;
  static final int WARM_UP = 100;
  static final long POLL_MILLIS = 100;

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
        SequencedStream stream =
            new SequencedStream(kafka.bootstrapServers(), TOPIC, PARTITIONS, WARM_UP + records)) {
      kafka.createTopic(TOPIC, PARTITIONS);
      for (int i = 0; i < WARM_UP; i++) {
        stream.sendNext();
      }
      stream.flush();
      try (ServerProcess server =
              ServerProcess.start(
                  List.of("-Xmx1g"),
                  work.resolve("server"),
                  List.of("--kafka-bootstrap", kafka.bootstrapServers(), "--workers", "2"));
          Connection connection = DriverManager.getConnection(server.url())) {
        ContinuousPipeline pipeline = new ContinuousPipeline(stream, WARM_UP);
        pipeline.create(connection, TOPIC);
        pipeline.poll(connection);
        AtomicBoolean polling = new AtomicBoolean(true);
        CompletableFuture<Void> poller =
            CompletableFuture.runAsync(
                () -> {
                  try (Connection own = DriverManager.getConnection(server.url())) {
                    while (polling.get()) {
                      pipeline.poll(own);
                      Thread.sleep(POLL_MILLIS);
                    }
                  } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException("polling the tables failed: " + e, e);
                  }
                });
        double achieved = stream.sendAtRate(records, rate);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!pipeline.caughtUp() && System.nanoTime() < deadline) {
          Thread.sleep(POLL_MILLIS);
        }
        polling.set(false);
        poller.get(60, TimeUnit.SECONDS);
        Visibility raw = pipeline.raw();
        Visibility totals = pipeline.totals();
        report
            .measure("achieved produce rate", achieved, "records/s")
            .measure("continuous table: produce to visible, p50", raw.percentile(0.50), "ms")
            .measure("continuous table: produce to visible, p99", raw.percentile(0.99), "ms")
            .measure("continuous aggregate: produce to visible, p50", totals.percentile(0.50), "ms")
            .measure(
                "continuous aggregate: produce to visible, p99", totals.percentile(0.99), "ms");
        ContinuousPipeline.addRefreshes(report, connection, "STREAM_RAW");
        ContinuousPipeline.addRefreshes(report, connection, "STREAM_TOTALS");
        pipeline.exactness(connection).addTo(report);
        Path log = work.resolve("server.log");
        Files.writeString(log, server.output());
        report.note("the server's log: " + log);
        report
            .ratioAtMost("p99 of the continuous table / 3 s", raw.percentile(0.99) / 3000.0, 1.0)
            .note(
                "records produced: "
                    + stream.produced()
                    + " ("
                    + WARM_UP
                    + " before the tables were created); latency includes up to "
                    + POLL_MILLIS
                    + " ms of polling");
      }
    }
    return report;
  }
}
