package io.tablewave.bench;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading results: a large table fetched through the driver against the same table read straight
 * from a DuckDB store over JDBC, and the latency of {@code SELECT * FROM SYS.TABLES} with many
 * registered tables.
 */
final class QueryPathBenchmark implements Benchmark {
  @Override
  public String name() {
    return "query-path";
  }

  @Override
  public Report run(Scale scale) throws Exception {
    int rows = scale.pick(1_000_000, 20_000);
    int tables = scale.pick(10_000, 200);
    int queries = scale.pick(200, 20);
    Report report =
        new Report(name(), scale)
            .parameter("rows fetched", rows)
            .parameter("registered tables", tables)
            .parameter("SYS.TABLES queries", queries)
            .parameter("columns", "id BIGINT, k INTEGER, v DOUBLE, s VARCHAR");
    Path directDir = Files.createTempDirectory("tablewave-bench-direct");
    try (TestServer server =
            TestServer.start(
                TestStore.DUCKDB, Map.of(ServerOption.MAX_TABLES, String.valueOf(tables + 100)));
        Connection tablewave = server.connect();
        Connection direct =
            DriverManager.getConnection("jdbc:duckdb:" + directDir.resolve("direct.duckdb"))) {
      String digits = "CREATE TABLE digits AS SELECT * FROM (" + Jdbc.digitValues() + ") AS t(d)";
      String big =
          "CREATE TABLE big AS SELECT id, CAST(MOD(id, 1000) AS INTEGER) AS k,"
              + " CAST(MOD(id, 997) AS DOUBLE PRECISION) * 1.5 AS v, 'customer ' || CAST(MOD(id, 5000) AS VARCHAR) AS s"
              + " FROM ("
              + Jdbc.numbered("digits", rows)
              + ") AS n";
      for (Connection connection : List.of(tablewave, direct)) {
        Jdbc.execute(connection, digits);
        Jdbc.execute(connection, big);
      }
      List<Double> throughTablewave = new ArrayList<>();
      List<Double> straight = new ArrayList<>();
      for (int r = 0; r < scale.repetitions(); r++) {
        throughTablewave.add(
            Timing.millis(() -> expect(rows, Jdbc.drain(tablewave, "SELECT * FROM big"))));
        straight.add(Timing.millis(() -> expect(rows, Jdbc.drain(direct, "SELECT * FROM big"))));
      }
      double oursRate = rows / (Timing.median(throughTablewave) / 1000);
      double directRate = rows / (Timing.median(straight) / 1000);
      report
          .measure("fetch through the driver", oursRate, "rows/s")
          .measure("fetch straight from DuckDB", directRate, "rows/s")
          .ratioAtLeast("driver rows/s / store rows/s", oursRate / directRate, 0.5);

      smallQueries(report, tablewave, direct, queries, rows);

      register(tablewave, tables);
      List<Double> latencies = new ArrayList<>();
      // as for the small queries, a few rounds unmeasured first: the JIT compiles the path of
      // 10,000-row results before the figures count
      for (int q = -20; q < queries; q++) {
        double millis =
            Timing.millis(
                () -> {
                  long registered = Jdbc.drain(tablewave, "SELECT * FROM SYS.TABLES");
                  if (registered < tables) {
                    throw new IllegalStateException(
                        "SYS.TABLES has " + registered + " rows, expected " + tables);
                  }
                });
        if (q >= 0) {
          latencies.add(millis);
        }
      }
      report
          .measure(
              String.format(Locale.ROOT, "SELECT * FROM SYS.TABLES, %,d tables: p50", tables),
              Timing.percentile(latencies, 0.5),
              "ms")
          .measure(
              String.format(Locale.ROOT, "SELECT * FROM SYS.TABLES, %,d tables: p99", tables),
              Timing.percentile(latencies, 0.99),
              "ms")
          .ratioAtMost("SELECT * FROM SYS.TABLES p99 (ms)", Timing.percentile(latencies, 0.99), 50);
    }
    return report;
  }

  /**
   * The latency of small queries, p50 and p99: a count of {@code SYS.TABLES} with the two tables
   * registered so far, {@code SELECT 1}, and a one-row lookup in the large table through the driver
   * and straight from DuckDB (the same text every time), and through the driver with another key
   * every time.
   */
  private static void smallQueries(
      Report report, Connection tablewave, Connection direct, int queries, int rows)
      throws Exception {
    List<String> names =
        List.of(
            "SELECT COUNT(*) FROM SYS.TABLES",
            "SELECT 1",
            "one-row lookup",
            "one-row lookup, DuckDB alone",
            "one-row lookup, a new key each time");
    List<List<Double>> latencies = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      latencies.add(new ArrayList<>());
    }
    // a few rounds unmeasured first: the JIT compiles the path before the figures count
    for (int q = -20; q < queries; q++) {
      // the same text each time, as a dashboard or an application repeats its queries
      String lookup = "SELECT id, k, v, s FROM big WHERE id = " + (rows / 2 + 7);
      String newKey =
          "SELECT id, k, v, s FROM big WHERE id = " + Math.floorMod(q * 7919L + 13, (long) rows);
      List<Timing.Step> steps =
          List.of(
              () -> Jdbc.scalar(tablewave, "SELECT COUNT(*) FROM SYS.TABLES"),
              () -> Jdbc.scalar(tablewave, "SELECT 1"),
              () -> expect(1, Jdbc.drain(tablewave, lookup)),
              () -> expect(1, Jdbc.drain(direct, lookup)),
              () -> expect(1, Jdbc.drain(tablewave, newKey)));
      for (int i = 0; i < steps.size(); i++) {
        double millis = Timing.millis(steps.get(i));
        if (q >= 0) {
          latencies.get(i).add(millis);
        }
      }
    }
    for (int i = 0; i < names.size(); i++) {
      report
          .measure(names.get(i) + ": p50", Timing.percentile(latencies.get(i), 0.5), "ms")
          .measure(names.get(i) + ": p99", Timing.percentile(latencies.get(i), 0.99), "ms");
    }
    double countP50 = Timing.percentile(latencies.get(0), 0.5);
    double lookupOver =
        Timing.percentile(latencies.get(2), 0.5) - Timing.percentile(latencies.get(3), 0.5);
    report
        .measure("one-row lookup over DuckDB alone, p50", lookupOver, "ms")
        .ratioAtMost("SELECT COUNT(*) FROM SYS.TABLES p50 (ms)", countP50, 3)
        .ratioAtMost("one-row lookup p50 - DuckDB alone p50 (ms)", lookupOver, 2);
  }

  /** Registers {@code tables} small tables, in batches of a thousand. */
  private static void register(Connection connection, int tables) throws Exception {
    for (int from = 0; from < tables; from += 1000) {
      try (Statement statement = connection.createStatement()) {
        for (int i = from; i < Math.min(tables, from + 1000); i++) {
          statement.addBatch("CREATE TABLE reg_" + i + " AS SELECT " + i + " AS x");
        }
        statement.executeBatch();
      }
    }
  }

  private static void expect(long expected, long actual) {
    if (expected != actual) {
      throw new IllegalStateException("read " + actual + " rows, expected " + expected);
    }
  }
}
