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

      register(tablewave, tables);
      List<Double> latencies = new ArrayList<>();
      for (int q = 0; q < queries; q++) {
        latencies.add(
            Timing.millis(
                () -> {
                  long registered = Jdbc.drain(tablewave, "SELECT * FROM SYS.TABLES");
                  if (registered < tables) {
                    throw new IllegalStateException(
                        "SYS.TABLES has " + registered + " rows, expected " + tables);
                  }
                }));
      }
      report
          .measure(
              String.format(Locale.ROOT, "SELECT * FROM SYS.TABLES, %,d tables: p50", tables),
              Timing.percentile(latencies, 0.5),
              "ms")
          .measure(
              String.format(Locale.ROOT, "SELECT * FROM SYS.TABLES, %,d tables: p99", tables),
              Timing.percentile(latencies, 0.99),
              "ms");
    }
    return report;
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
