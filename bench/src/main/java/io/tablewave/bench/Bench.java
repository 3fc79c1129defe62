package io.tablewave.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench/run NAME [--smoke] [--results DIR]}: runs one benchmark (or {@code all}), prints its
 * table and writes its JSON file.
 */
public final class Bench {
  private Bench() {}

  static Map<String, Benchmark> all() {
    Map<String, Benchmark> benchmarks = new LinkedHashMap<>();
    for (Benchmark benchmark :
        List.of(
            new KafkaLoadBenchmark(),
            new InStoreCtasBenchmark(),
            new SchedulingBenchmark(),
            new PlanningScaleBenchmark(),
            new QueryPathBenchmark(),
            new ContinuousBenchmark(),
            new ContinuousFaultsBenchmark(),
            new RefreshBenchmark())) {
      benchmarks.put(benchmark.name(), benchmark);
    }
    return benchmarks;
  }

  public static void main(String[] arguments) throws Exception {
    Scale scale = Scale.FULL;
    Path results = Path.of("bench", "results");
    List<String> names = new ArrayList<>();
    for (int i = 0; i < arguments.length; i++) {
      switch (arguments[i]) {
        case "--smoke" -> scale = Scale.SMOKE;
        case "--results" -> results = Path.of(arguments[++i]);
        default -> names.add(arguments[i]);
      }
    }
    Map<String, Benchmark> benchmarks = all();
    if (names.isEmpty()
        || !benchmarks
            .keySet()
            .containsAll(names.stream().filter(n -> !n.equals("all")).toList())) {
      System.err.println(
          "usage: bench/run " + String.join(" | ", benchmarks.keySet()) + " | all  [--smoke]");
      System.exit(2);
    }
    List<Benchmark> chosen =
        names.contains("all")
            ? List.copyOf(benchmarks.values())
            : names.stream().map(benchmarks::get).toList();
    boolean allMet = true;
    for (Benchmark benchmark : chosen) {
      Report report = benchmark.run(scale);
      System.out.print(report.table());
      System.out.println("  written: " + report.write(results));
      allMet &= report.ratios().stream().allMatch(Report.Ratio::met);
    }
    System.exit(allMet ? 0 : 3);
  }
}
