package io.tablewave.bench;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.PostgresTestCluster;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CTAS whose inputs are already loaded: a filter, an aggregate and an equi-join, each through
 * Tablewave and as the same {@code CREATE TABLE ... AS SELECT} sent straight to a store of the same
 * kind holding the same rows, on DuckDB, H2 and PostgreSQL; and the fixed cost of a batch of one
 * CTAS of 10 rows, the part of every load that is Tablewave's own.
 */
final class InStoreCtasBenchmark implements Benchmark {
  private static final String COLUMNS =
      "id, CAST(MOD(id, 1000) AS INTEGER) AS k,"
          + " CAST(MOD(id, 997) AS DOUBLE PRECISION) * 1.5 AS v, 'customer ' || CAST(MOD(id, 5000) AS VARCHAR(10)) AS s";

  @Override
  public String name() {
    return "in-store-ctas";
  }

  @Override
  public Report run(Scale scale) throws Exception {
    int rows = scale.pick(1_000_000, 20_000);
    int joinRows = scale.pick(100_000, 2_000);
    int directJoinLimitSeconds = scale.pick(120, 60);
    Map<String, String> queries = new LinkedHashMap<>();
    queries.put("filter", "SELECT id, k, v, s FROM base WHERE MOD(id, 10) = 0");
    queries.put(
        "aggregate",
        "SELECT k, COUNT(*) AS n, SUM(v) AS total, AVG(v) AS mean FROM base GROUP BY k");
    queries.put("join", "SELECT l.id, l.v, r.w FROM join_left l JOIN join_right r ON l.id = r.id");
    Report report =
        new Report(name(), scale)
            .parameter("base rows", rows)
            .parameter("join rows per side", joinRows)
            .parameter("repetitions (median kept)", scale.repetitions());
    queries.forEach((name, sql) -> report.parameter("query " + name, sql));
    try (PostgresTestCluster postgres = new PostgresTestCluster()) {
      for (TestStore store : List.of(TestStore.DUCKDB, TestStore.H2, TestStore.POSTGRESQL)) {
        Path directDir = Files.createTempDirectory("tablewave-bench-direct");
        Map<ServerOption, String> options = new LinkedHashMap<>();
        String directUrl;
        String label = store.name().toLowerCase(Locale.ROOT);
        switch (store) {
          case DUCKDB -> directUrl = "jdbc:duckdb:" + directDir.resolve("direct.duckdb");
          case H2 -> directUrl = "jdbc:h2:file:" + directDir.resolve("direct");
          default -> {
            PostgresTestCluster.Endpoint endpoint = postgres.start();
            options.put(ServerOption.STORE_URL, endpoint.jdbcUrl());
            options.put(ServerOption.STORE_USER, endpoint.user());
            options.put(ServerOption.STORE_PASSWORD, endpoint.password());
            directUrl =
                endpoint.jdbcUrl()
                    + (endpoint.jdbcUrl().contains("?") ? "&" : "?")
                    + "currentSchema=bench_direct&user="
                    + endpoint.user()
                    + "&password="
                    + endpoint.password();
          }
        }
        try (TestServer server = TestServer.start(store, options);
            Connection tablewave = server.connect();
            Connection direct = DriverManager.getConnection(directUrl)) {
          if (store == TestStore.POSTGRESQL) {
            Jdbc.execute(direct, "CREATE SCHEMA bench_direct");
          }
          for (Connection connection : List.of(tablewave, direct)) {
            Jdbc.execute(
                connection,
                "CREATE TABLE digits AS SELECT * FROM (" + Jdbc.digitValues() + ") AS t(d)");
            Jdbc.execute(
                connection,
                "CREATE TABLE base AS SELECT "
                    + COLUMNS
                    + " FROM ("
                    + Jdbc.numbered("digits", rows)
                    + ") AS n");
            Jdbc.execute(
                connection,
                "CREATE TABLE join_left AS SELECT id, v FROM base WHERE id < " + joinRows);
            Jdbc.execute(
                connection,
                "CREATE TABLE join_right AS SELECT id, v * 2 AS w FROM base WHERE id < "
                    + joinRows);
          }
          fixedCost(report, label, store, tablewave, direct, scale.pick(50, 10));
          for (Map.Entry<String, String> query : queries.entrySet()) {
            List<Double> ours = new ArrayList<>();
            List<Double> theirs = new ArrayList<>();
            boolean directTimedOut = false;
            for (int r = 0; r < scale.repetitions() && !directTimedOut; r++) {
              String table = query.getKey() + "_" + r;
              ours.add(
                  Timing.millis(
                      () ->
                          Jdbc.execute(
                              tablewave, "CREATE TABLE " + table + " AS " + query.getValue())));
              try (Statement statement = direct.createStatement()) {
                statement.setQueryTimeout(directJoinLimitSeconds);
                theirs.add(
                    Timing.millis(
                        () ->
                            statement.execute(
                                "CREATE TABLE " + table + " AS " + query.getValue())));
              } catch (SQLTimeoutException e) {
                directTimedOut = true;
                theirs.add(directJoinLimitSeconds * 1000.0);
                report.note(
                    label
                        + " "
                        + query.getKey()
                        + ": the store alone did not finish within "
                        + directJoinLimitSeconds
                        + " s and was stopped; its time is counted as that limit");
              }
            }
            double oursMillis = Timing.median(ours);
            double theirsMillis = Timing.median(theirs);
            report
                .measure(label + " " + query.getKey() + ": through Tablewave", oursMillis, "ms")
                .measure(label + " " + query.getKey() + ": store alone", theirsMillis, "ms");
            if (store == TestStore.H2 && query.getKey().equals("join")) {
              // H2 joins by nested loops; Tablewave runs this join in Calcite with a hash join
              // instead.
              report.ratioAtMost(
                  label + " join: Tablewave / store (must be faster)",
                  oursMillis / theirsMillis,
                  1.0);
            } else {
              report.ratioAtMost(
                  label + " " + query.getKey() + ": Tablewave / store",
                  oursMillis / theirsMillis,
                  1.3);
            }
          }
        }
      }
    }
    return report;
  }

  /**
   * What a one-table batch costs beyond the store's own work: {@code count} batches of one CTAS of
   * 10 rows each, through Tablewave and straight to the store, after as many unmeasured ones (the
   * first batches of a server just started pay for compiling its code).
   */
  private static void fixedCost(
      Report report,
      String label,
      TestStore store,
      Connection tablewave,
      Connection direct,
      int count)
      throws Exception {
    for (int i = 0; i < count; i++) {
      String sql = "CREATE TABLE warm_" + i + " AS SELECT d FROM digits";
      Jdbc.execute(tablewave, sql);
      Jdbc.execute(direct, sql);
    }
    List<Double> ours = new ArrayList<>();
    List<Double> theirs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String sql = "CREATE TABLE fixed_" + i + " AS SELECT d FROM digits";
      ours.add(Timing.millis(() -> Jdbc.execute(tablewave, sql)));
      theirs.add(Timing.millis(() -> Jdbc.execute(direct, sql)));
    }
    double oursMillis = Timing.median(ours);
    report
        .measure(label + " one-table batch of 10 rows: through Tablewave", oursMillis, "ms")
        .measure(label + " one-table batch of 10 rows: store alone", Timing.median(theirs), "ms");
    if (store == TestStore.DUCKDB) {
      report.ratioAtMost("duckdb fixed cost of a one-table CTAS batch (ms)", oursMillis, 8);
    }
  }
}
