package io.tablewave.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.error.ErrorCode;
import io.tablewave.sql.TableName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LargeBatchTest {
  private static final int SIZE = 10_000;

  private final TestCatalog catalog = new TestCatalog().table("EXISTING").capacity(20_000);

  @Test
  void tenThousandStatementRandomDagPlansQuicklyWithConsistentWaves() {
    List<PlanInput> inputs = randomDag(new Random(42));
    BatchPlanner planner = new BatchPlanner();
    planner.plan(inputs, catalog);

    // Best of three, so that a busy machine does not decide; a super-linear planner still fails.
    BatchPlan plan = null;
    long millis = Long.MAX_VALUE;
    for (int run = 0; run < 3; run++) {
      long started = System.nanoTime();
      plan = planner.plan(inputs, catalog);
      millis = Math.min(millis, (System.nanoTime() - started) / 1_000_000);
    }

    assertThat(plan.problems()).isEmpty();
    assertThat(millis).as("planning time in ms").isLessThan(1_000);
    assertConsistent(plan);
    assertThat(plan.waveCount()).isGreaterThan(5);
  }

  @Test
  void tenThousandStatementRingIsOneCycleFoundQuickly() {
    Batch batch = new Batch();
    for (int i = 0; i < SIZE; i++) {
      batch.create(String.format("T%05d", i), String.format("T%05d", (i + 1) % SIZE));
    }
    List<PlanInput> inputs = batch.inputs();

    long started = System.nanoTime();
    BatchPlan plan = new BatchPlanner().plan(inputs, catalog);
    long millis = (System.nanoTime() - started) / 1_000_000;

    assertThat(plan.problem()).map(PlanProblem::code).contains(ErrorCode.CIRCULAR_DEPENDENCY);
    assertThat(plan.problem().orElseThrow().message())
        .startsWith("circular dependency: T00000 -> T00001 -> T00002")
        .contains("T00009 -> ... 9981 more tables ... -> T09991 ->", "T09999 -> T00000")
        .hasSizeLessThan(500);
    assertThat(plan.problemOf(SIZE - 1)).isPresent();
    assertThat(millis).as("planning time in ms").isLessThan(3_000);
  }

  /** Every table's wave is one more than its deepest batch dependency; remaining paths agree. */
  private static void assertConsistent(BatchPlan plan) {
    Map<TableName, PlannedTable> byName = new HashMap<>();
    Map<Integer, PlannedTable> byIndex = new HashMap<>();
    for (PlannedTable table : plan.tables()) {
      byName.put(table.name(), table);
      byIndex.put(table.statementIndex(), table);
    }
    int dependencies = 0;
    for (PlannedTable table : plan.tables()) {
      int deepest = 0;
      for (TableName dependency : table.batchDependencies()) {
        PlannedTable upstream = byName.get(dependency);
        assertThat(upstream.wave()).isLessThan(table.wave());
        assertThat(upstream.dependentStatementIndexes()).contains(table.statementIndex());
        deepest = Math.max(deepest, upstream.wave());
        dependencies++;
      }
      assertThat(table.wave()).isEqualTo(deepest + 1);
      int longest = 0;
      for (int dependent : table.dependentStatementIndexes()) {
        longest = Math.max(longest, byIndex.get(dependent).remainingPath());
      }
      assertThat(table.remainingPath()).isEqualTo(longest + 1);
    }
    assertThat(dependencies).isGreaterThan(SIZE);
  }

  /** Table k reads up to three tables with a smaller k; statements are submitted shuffled. */
  private static List<PlanInput> randomDag(Random random) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < SIZE; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    Batch batch = new Batch();
    for (int k : order) {
      Batch.Statement statement = batch.create("T" + k);
      int reads = k == 0 ? 0 : random.nextInt(4);
      for (int r = 0; r < reads; r++) {
        // Mostly near neighbours, so that long chains (many waves) appear.
        int upstream =
            random.nextBoolean() ? Math.max(0, k - 1 - random.nextInt(10)) : random.nextInt(k);
        statement.reads("T" + upstream);
      }
      if (random.nextInt(20) == 0) {
        statement.dependsOn("EXISTING");
      }
    }
    return batch.inputs();
  }
}
