package io.tablewave.bench;

import io.tablewave.execute.BatchListener;
import io.tablewave.execute.BatchOutcome;
import io.tablewave.execute.LoadScheduler;
import io.tablewave.execute.TaskOutcome;
import io.tablewave.execute.TaskSpec;
import io.tablewave.execute.TaskStatus;
import io.tablewave.plan.BatchPlan;
import io.tablewave.plan.BatchPlanner;
import io.tablewave.plan.Catalog;
import io.tablewave.plan.ExistingTable;
import io.tablewave.plan.PlanInput;
import io.tablewave.plan.PlannedTable;
import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * The planner and scheduler of the server on generated DAGs whose loads take known times (each load
 * sleeps for its time, so the figures measure the schedule, not the store). Makespan against the
 * lower bound max(critical path, total work / workers), and against the seed's strict wave-by-wave
 * execution on the same pool. In the skewed DAGs a load's time follows the rows it reads, and the
 * planner knows only what the server knows: the row counts of the registered tables each table
 * reads, not what the tables of the batch will produce.
 */
final class SchedulingBenchmark implements Benchmark {
  private static final int WORKERS = 4;

  @Override
  public String name() {
    return "scheduling";
  }

  @Override
  public Report run(Scale scale) throws Exception {
    double unit = scale.pick(10, 2);
    int levels = scale.pick(10, 4);
    int randomSize = scale.pick(200, 40);
    String lattice = "diamond lattice " + levels + "x8, ";
    String random = "random " + randomSize + "-table DAG, ";
    List<Dag> dags =
        List.of(
            Dag.chain(scale.pick(40, 10), unit * 2),
            Dag.wide(scale.pick(200, 40), unit * 2),
            new Dag(
                lattice + "equal sizes", Dag.lattice(levels, 8), Dag.uniform(levels * 8, unit * 2)),
            Dag.sized(
                lattice + "skewed sizes",
                Dag.lattice(levels, 8),
                Dag.skewedRows(levels * 8, 7),
                unit * 2,
                8),
            new Dag(
                random + "equal sizes",
                Dag.random(randomSize, 11),
                Dag.uniform(randomSize, unit * 2)),
            Dag.sized(
                random + "skewed sizes",
                Dag.random(randomSize, 17),
                Dag.skewedRows(randomSize, 13),
                unit * 2,
                14));
    Report report =
        new Report(name(), scale)
            .parameter("workers", WORKERS)
            .parameter("smallest load (ms)", unit)
            .parameter("repetitions (median kept)", scale.repetitions());
    try (LoadScheduler scheduler = new LoadScheduler(WORKERS)) {
      for (Dag dag : dags) {
        BatchPlan plan = new BatchPlanner().plan(inputs(dag), new SourcesCatalog(dag));
        List<Double> tablewave = new ArrayList<>();
        List<Double> oracle = new ArrayList<>();
        List<Double> waves = new ArrayList<>();
        long[] plannedPriority = new long[dag.size()];
        plan.tables().forEach(t -> plannedPriority[t.statementIndex()] = t.remainingWork());
        long[] truePriority = remainingMicros(dag);
        for (int r = 0; r < scale.repetitions(); r++) {
          tablewave.add(
              Timing.millis(() -> runWithScheduler(scheduler, plan, dag, plannedPriority)));
          oracle.add(Timing.millis(() -> runWithScheduler(scheduler, plan, dag, truePriority)));
          waves.add(Timing.millis(() -> runWaveByWave(plan, dag)));
        }
        double bound = dag.lowerBound(WORKERS);
        double ours = Timing.median(tablewave);
        double strict = Timing.median(waves);
        report
            .measure(dag.name() + ": lower bound", bound, "ms")
            .measure(dag.name() + ": Tablewave makespan", ours, "ms")
            .measure(dag.name() + ": wave-by-wave makespan", strict, "ms")
            .measure(
                dag.name() + ": same scheduler knowing every load time",
                Timing.median(oracle),
                "ms")
            .ratioAtMost(dag.name() + ": Tablewave / lower bound", ours / bound, 1.05);
        if (dag.name().contains("skewed")) {
          report.ratioAtMost(dag.name() + ": Tablewave / wave-by-wave", ours / strict, 1.0);
        } else {
          report.measure(dag.name() + ": Tablewave / wave-by-wave", ours / strict, "ratio");
        }
        report.parameter(
            dag.name() + ": tables, waves",
            String.format(Locale.ROOT, "%d, %d", dag.size(), plan.waveCount()));
      }
    }
    return report;
  }

  private static List<PlanInput> inputs(Dag dag) throws Exception {
    SqlNode query = SqlParser.create("SELECT 1").parseQuery();
    List<PlanInput> inputs = new ArrayList<>();
    for (int i = 0; i < dag.size(); i++) {
      Set<TableName> reads = new HashSet<>();
      dag.reads().get(i).forEach(r -> reads.add(tableName(r)));
      if (dag.sourceRows()[i] > 0) {
        reads.add(sourceName(i));
      }
      CreateTableAs statement =
          new CreateTableAs(
              tableName(i),
              false,
              false,
              Map.of(),
              query,
              "CREATE TABLE " + tableName(i).name() + " AS ...",
              i + 1,
              1);
      inputs.add(new PlanInput(i, statement, reads, Set.of(), Set.of()));
    }
    return inputs;
  }

  private static TableName tableName(int index) {
    return new TableName(String.format(Locale.ROOT, "T%05d", index));
  }

  private static TableName sourceName(int index) {
    return new TableName(String.format(Locale.ROOT, "SOURCE%05d", index));
  }

  /**
   * The server's way: every table as soon as what it reads is loaded, longest remaining path first.
   */
  /**
   * The remaining work from each table computed from the true load times, which the server cannot
   * know.
   */
  private static long[] remainingMicros(Dag dag) {
    long[] remaining = new long[dag.size()];
    for (int i = dag.size() - 1; i >= 0; i--) {
      long heaviest = 0;
      for (int j = i + 1; j < dag.size(); j++) {
        if (dag.reads().get(j).contains(i)) {
          heaviest = Math.max(heaviest, remaining[j]);
        }
      }
      remaining[i] = heaviest + Math.round(dag.millis()[i] * 1000);
    }
    return remaining;
  }

  private static void runWithScheduler(
      LoadScheduler scheduler, BatchPlan plan, Dag dag, long[] priority) throws Exception {
    Map<String, Integer> indexByName = new HashMap<>();
    plan.tables().forEach(t -> indexByName.put(t.name().key(), t.statementIndex()));
    List<TaskSpec> tasks = new ArrayList<>();
    for (PlannedTable table : plan.tables()) {
      Set<Integer> dependsOn = new HashSet<>();
      table.batchDependencies().forEach(d -> dependsOn.add(indexByName.get(d.key())));
      tasks.add(
          new TaskSpec(
              table.statementIndex(),
              table.name().name(),
              dependsOn,
              List.of(),
              priority[table.statementIndex()],
              false));
    }
    BatchOutcome outcome =
        scheduler
            .submit(
                1,
                tasks,
                WORKERS,
                (task, token) -> {
                  sleep(dag.millis()[task.id()]);
                  return 1;
                },
                new Quiet())
            .completion()
            .get(10, TimeUnit.MINUTES);
    if (outcome.count(TaskStatus.SUCCEEDED) != dag.size()) {
      throw new IllegalStateException("not every task succeeded: " + outcome.outcomes());
    }
  }

  /** The seed's way: a wave starts when the whole wave before it has finished. */
  private static void runWaveByWave(BatchPlan plan, Dag dag) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
    try {
      for (int wave = 1; wave <= plan.waveCount(); wave++) {
        List<Callable<Void>> loads = new ArrayList<>();
        for (PlannedTable table : plan.wave(wave)) {
          loads.add(
              () -> {
                sleep(dag.millis()[table.statementIndex()]);
                return null;
              });
        }
        for (Future<Void> load : pool.invokeAll(loads)) {
          load.get();
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static void sleep(double millis) throws InterruptedException {
    long nanos = (long) (millis * 1_000_000);
    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
  }

  /**
   * The registered tables the DAG's tables read, with their row counts: what the planner knows of
   * sizes.
   */
  private static final class SourcesCatalog implements Catalog {
    private final Map<TableName, ExistingTable> sources = new HashMap<>();

    SourcesCatalog(Dag dag) {
      for (int i = 0; i < dag.size(); i++) {
        if (dag.sourceRows()[i] > 0) {
          sources.put(sourceName(i), new ExistingTable(sourceName(i), false, dag.sourceRows()[i]));
        }
      }
    }

    @Override
    public Optional<ExistingTable> table(TableName name) {
      return Optional.ofNullable(sources.get(name));
    }

    @Override
    public int tableCount() {
      return 0;
    }

    @Override
    public int capacity() {
      return Integer.MAX_VALUE;
    }

    @Override
    public Optional<String> topicProblem(String topic, Map<String, String> tableProperties) {
      return Optional.empty();
    }
  }

  private static final class Quiet implements BatchListener {
    @Override
    public void taskStarted(TaskSpec task) {}

    @Override
    public void taskFinished(TaskSpec task, TaskOutcome outcome) {}

    @Override
    public void batchFinished(BatchOutcome outcome) {}
  }
}
