package io.tablewave.bench;

import io.tablewave.testing.BrokerProcess;
import io.tablewave.testing.ServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The continuous pipeline of {@link ContinuousBenchmark} under faults while records keep coming: a
 * clean restart of the server, a kill -9 of the server followed by a start, and the broker stopped
 * for a while and started again. For each fault it reports how long the tables took to show every
 * record produced up to the fault's end, and at the end whether every record is in both tables
 * exactly once. Server and broker each run in their own JVM, so both can be stopped.
 */
final class ContinuousFaultsBenchmark implements Benchmark {
  private static final String TOPIC = ContinuousBenchmark.TOPIC;
  private static final int PARTITIONS = ContinuousBenchmark.PARTITIONS;
  private static final int WARM_UP = ContinuousBenchmark.WARM_UP;
  private static final long POLL_MILLIS = ContinuousBenchmark.POLL_MILLIS;

  @Override
  public String name() {
    return "continuous-faults";
  }

  @Override
  public Report run(Scale scale) throws Exception {
    int rate = scale.pick(10_000, 1_000);
    int seconds = scale.pick(90, 30);
    int outageSeconds = scale.pick(20, 5);
    int records = rate * seconds;
    Report report =
        new Report(name(), scale)
            .parameter("records per second", rate)
            .parameter("seconds", seconds)
            .parameter("partitions", PARTITIONS)
            .parameter("broker outage", outageSeconds + " s")
            .parameter("refresh.interval", "1s (the default)")
            .parameter("server JVM", "-Xmx1g, --workers 2");
    Path work = Files.createTempDirectory("tablewave-bench-continuous-faults");
    Path dataDir = work.resolve("server");
    try (BrokerProcess broker = BrokerProcess.start(work.resolve("broker"));
        SequencedStream stream =
            new SequencedStream(broker.bootstrapServers(), TOPIC, PARTITIONS, WARM_UP + records)) {
      broker.createTopic(TOPIC, PARTITIONS);
      for (int i = 0; i < WARM_UP; i++) {
        stream.sendNext();
      }
      stream.flush();
      List<String> serverArgs =
          List.of("--kafka-bootstrap", broker.bootstrapServers(), "--workers", "2");
      AtomicReference<ServerProcess> server =
          new AtomicReference<>(ServerProcess.start(List.of("-Xmx1g"), dataDir, serverArgs));
      ContinuousPipeline pipeline = new ContinuousPipeline(stream, WARM_UP);
      AtomicBoolean polling = new AtomicBoolean(true);
      try {
        try (Connection connection = DriverManager.getConnection(server.get().url())) {
          pipeline.create(connection, TOPIC);
        }
        CompletableFuture<Void> poller =
            CompletableFuture.runAsync(() -> pollAcrossRestarts(server, pipeline, polling));
        long started = System.currentTimeMillis();
        CompletableFuture<Double> producing =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return stream.sendAtRate(records, rate);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("producing was interrupted", e);
                  }
                });

        sleepUntil(started + seconds * 1000L / 6);
        long restart =
            fault(
                pipeline,
                stream,
                () -> {
                  server.get().close();
                  server.set(ServerProcess.start(List.of("-Xmx1g"), dataDir, serverArgs));
                });
        sleepUntil(started + seconds * 2000L / 6);
        long kill =
            fault(
                pipeline,
                stream,
                () -> {
                  server.get().kill();
                  server.set(ServerProcess.start(List.of("-Xmx1g"), dataDir, serverArgs));
                });
        sleepUntil(started + seconds * 3000L / 6);
        String[] duringOutage = new String[1];
        long outage =
            fault(
                pipeline,
                stream,
                () -> {
                  broker.stop(false);
                  Thread.sleep(outageSeconds * 1000L);
                  duringOutage[0] = freshness(server.get());
                  broker.restart();
                });

        double achieved = producing.get(10, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!pipeline.caughtUp() && System.nanoTime() < deadline) {
          Thread.sleep(POLL_MILLIS);
        }
        polling.set(false);
        poller.get(60, TimeUnit.SECONDS);
        ContinuousPipeline.Exactness exactness;
        try (Connection connection = DriverManager.getConnection(server.get().url())) {
          exactness = pipeline.exactness(connection);
        }
        report
            .measure("achieved produce rate", achieved, "records/s")
            .measure("clean restart: from stop to every record visible", restart, "ms")
            .measure("kill -9 and start: from kill to every record visible", kill, "ms")
            .measure("broker outage: from stop to every record visible", outage, "ms")
            .measure(
                "continuous table: produce to visible, p50", pipeline.raw().percentile(0.5), "ms")
            .measure(
                "continuous table: produce to visible, p99", pipeline.raw().percentile(0.99), "ms");
        exactness.addTo(report);
        report
            .ratioAtLeast(
                "every record exactly once in both tables after the faults",
                exactness.exact() ? 1 : 0,
                1)
            .note("SYS.FRESHNESS at the end of the broker outage: " + duringOutage[0])
            .note(
                "the fault times include the server's start (a new JVM) and the broker's outage"
                    + " itself; records kept coming throughout");
      } finally {
        polling.set(false);
        server.get().close();
      }
    }
    return report;
  }

  /** A change that stops and starts something, run while records keep coming. */
  private interface Fault {
    void run() throws Exception;
  }

  /**
   * Runs {@code fault}, then waits until both tables show every record produced by the time it
   * ended, and returns the milliseconds from its start to then.
   */
  private static long fault(ContinuousPipeline pipeline, SequencedStream stream, Fault fault)
      throws Exception {
    long start = System.currentTimeMillis();
    fault.run();
    long target = stream.produced();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (Math.min(pipeline.raw().visible(), pipeline.totals().visible()) < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the tables did not catch up within 3 minutes of a fault: "
                + pipeline.raw().visible()
                + " and "
                + pipeline.totals().visible()
                + " of "
                + target
                + " records visible");
      }
      Thread.sleep(POLL_MILLIS);
    }
    return System.currentTimeMillis() - start;
  }

  /** What SYS.FRESHNESS says of the continuous table now, as one line. */
  private static String freshness(ServerProcess server) throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.url());
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT RECORDS_BEHIND, LAG_MILLIS, LAST_ERROR FROM SYS.FRESHNESS"
                    + " WHERE TABLE_NAME = 'STREAM_RAW'")) {
      return rs.next()
          ? "RECORDS_BEHIND "
              + rs.getObject(1)
              + ", LAG_MILLIS "
              + rs.getObject(2)
              + ", LAST_ERROR "
              + rs.getString(3)
          : "no row for STREAM_RAW";
    }
  }

  /** Polls the tables, reconnecting to whichever server process runs now. */
  private static void pollAcrossRestarts(
      AtomicReference<ServerProcess> server, ContinuousPipeline pipeline, AtomicBoolean polling) {
    while (polling.get()) {
      try (Connection connection = DriverManager.getConnection(server.get().url())) {
        while (polling.get()) {
          pipeline.poll(connection);
          Thread.sleep(POLL_MILLIS);
        }
      } catch (SQLException e) {
        // the server is restarting: connect to the next one
        pause();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleepUntil(long epochMillis) throws InterruptedException {
    long wait = epochMillis - System.currentTimeMillis();
    if (wait > 0) {
      Thread.sleep(wait);
    }
  }
}
