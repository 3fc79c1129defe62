package io.tablewave.bench;

import com.sun.management.ThreadMXBean;
import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Parse and plan generated batches of growing size through the whole path a script takes (driver,
 * HTTP, parser, dependency extraction, planner) with {@code EXPLAIN}, which plans without running.
 * Time and bytes allocated per statement must stay flat as the batch grows.
 */
final class PlanningScaleBenchmark implements Benchmark {
  @Override
  public String name() {
    return "planning-scale";
  }

  @Override
  public Report run(Scale scale) throws Exception {
    int small = scale.pick(1_000, 100);
    int large = scale.pick(10_000, 1_000);
    Report report =
        new Report(name(), scale)
            .parameter("batch sizes", small + ", " + large)
            .parameter(
                "statement shape",
                "CREATE TABLE with a join of two earlier tables, a filter and an aggregate");
    try (TestServer server =
            TestServer.start(
                TestStore.DUCKDB, Map.of(ServerOption.MAX_TABLES, String.valueOf(large * 2)));
        Connection connection = server.connect()) {
      Jdbc.execute(
          connection,
          "CREATE TABLE base AS SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t(id, tag)");
      for (int warmUp = 0; warmUp < scale.pick(10, 1); warmUp++) {
        Jdbc.drain(connection, "EXPLAIN " + script(small, warmUp));
      }
      double[] perStatement = new double[2];
      int[] sizes = {small, large};
      for (int s = 0; s < sizes.length; s++) {
        int size = sizes[s];
        String script = script(size, 42 + s);
        List<Double> millis = new ArrayList<>();
        long allocated = 0;
        for (int r = 0; r < scale.repetitions(); r++) {
          long allocatedBefore = allocatedBytes();
          millis.add(
              Timing.millis(
                  () -> {
                    long rows = Jdbc.drain(connection, "EXPLAIN " + script);
                    if (rows != size) {
                      throw new IllegalStateException(
                          "EXPLAIN returned " + rows + " rows for " + size + " statements");
                    }
                  }));
          allocated = allocatedBytes() - allocatedBefore;
        }
        double median = Timing.median(millis);
        perStatement[s] = median / sizes[s];
        report
            .measure(
                String.format(Locale.ROOT, "%,d statements: parse and plan", sizes[s]),
                median,
                "ms")
            .measure(
                String.format(Locale.ROOT, "%,d statements: time per statement", sizes[s]),
                perStatement[s] * 1000,
                "us")
            .measure(
                String.format(Locale.ROOT, "%,d statements: allocated per statement", sizes[s]),
                allocated / (double) sizes[s] / 1024,
                "KiB")
            .measure(
                String.format(Locale.ROOT, "%,d statements: script size", sizes[s]),
                script.length() / 1024.0,
                "KiB");
      }
      report.ratioAtMost(
          String.format(Locale.ROOT, "time per statement, %,d vs %,d", large, small),
          perStatement[1] / perStatement[0],
          1.5);
      report.note("allocation counts every thread of the JVM, client and server together");
    }
    return report;
  }

  /** {@code size} CTAS statements in shuffled order; each reads up to two earlier tables. */
  static String script(int size, long seed) {
    Random random = new Random(seed);
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      String left = i == 0 ? "base" : "t" + random.nextInt(i);
      String right = i < 2 ? "base" : "t" + random.nextInt(i);
      statements.add(
          String.format(
              Locale.ROOT,
              "CREATE TABLE t%d AS SELECT l.id, COUNT(*) AS n FROM %s l"
                  + " JOIN %s r ON l.id = r.id WHERE l.id > %d GROUP BY l.id",
              i,
              left,
              right,
              i % 7));
    }
    java.util.Collections.shuffle(statements, random);
    return String.join(";\n", statements);
  }

  private static long allocatedBytes() {
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, allocated);
    }
    return total;
  }
}
