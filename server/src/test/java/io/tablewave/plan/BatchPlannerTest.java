package io.tablewave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.sql.TableName;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {
  private final Batch batch = new Batch();
  private final TestCatalog catalog = new TestCatalog();

  @Test
  void emptyBatchIsAValidEmptyPlan() {
    BatchPlan plan = plan();

    assertThat(plan.tables()).isEmpty();
    assertThat(plan.isRejected()).isFalse();
    assertThat(plan.problem()).isEmpty();
    assertThat(plan.waveCount()).isZero();
    assertThat(plan.explain()).isEmpty();
    assertThatCode(plan::throwIfRejected).doesNotThrowAnyException();
  }

  @Test
  void chainLoadsInThreeWaves() {
    batch.create("C", "B");
    batch.create("B", "A");
    batch.create("A");

    BatchPlan plan = accepted();

    assertThat(waves(plan)).containsExactly(3, 2, 1);
    assertThat(plan.waveCount()).isEqualTo(3);
    assertThat(table(plan, "C").batchDependencies()).containsExactly(name("B"));
    assertThat(table(plan, "C").externalDependencies()).isEmpty();
    assertThat(table(plan, "A").dependentStatementIndexes()).containsExactly(1);
    assertThat(table(plan, "B").dependentStatementIndexes()).containsExactly(0);
    assertThat(table(plan, "C").dependentStatementIndexes()).isEmpty();
    assertThat(remainingPaths(plan)).containsExactly(1, 2, 3);
    assertThat(plan.tables()).extracting(PlannedTable::action).containsOnly(Action.CREATE);
  }

  @Test
  void diamondLevelsAndRemainingPaths() {
    batch.create("A");
    batch.create("B", "A");
    batch.create("C", "A");
    batch.create("D", "B", "C");

    BatchPlan plan = accepted();

    assertThat(waves(plan)).containsExactly(1, 2, 2, 3);
    assertThat(remainingPaths(plan)).containsExactly(3, 2, 2, 1);
    assertThat(table(plan, "A").dependentStatementIndexes()).containsExactly(1, 2);
    assertThat(table(plan, "D").dependsOn()).containsExactly(name("B"), name("C"));
    assertThat(plan.wave(2)).extracting(PlannedTable::name).containsExactly(name("B"), name("C"));
  }

  @Test
  void withoutKnownSizesRemainingWorkIsTheRemainingPath() {
    batch.create("A");
    batch.create("B", "A");
    batch.create("C", "B");
    batch.create("D");

    BatchPlan plan = accepted();

    assertThat(plan.tables())
        .extracting(PlannedTable::remainingWork)
        .containsExactly(3L, 2L, 1L, 1L);
  }

  @Test
  void remainingWorkWeighsEachTableByTheRowsItReadsSoTheHeaviestPathStartsFirst() {
    catalog
        .table("BIG_SOURCE", 1_000_000)
        .table("SMALL_SOURCE", 10)
        .topicWithRecords("clicks", 5_000);
    batch.create("SHORT_HEAVY", "BIG_SOURCE");
    batch.create("LONG_LIGHT_1", "SMALL_SOURCE");
    batch.create("LONG_LIGHT_2", "LONG_LIGHT_1");
    batch.create("LONG_LIGHT_3", "LONG_LIGHT_2");
    batch.create("FROM_TOPIC").topics("clicks");
    batch.create("JOINS_BOTH", "FROM_TOPIC", "SMALL_SOURCE");

    BatchPlan plan = accepted();

    assertThat(table(plan, "SHORT_HEAVY").remainingWork()).isEqualTo(1_000_000);
    // each light table reads what the one before it read: 10 rows, estimated through the chain
    assertThat(table(plan, "LONG_LIGHT_1").remainingWork()).isEqualTo(30);
    assertThat(table(plan, "FROM_TOPIC").remainingWork()).isEqualTo(5_000 + 5_010);
    assertThat(table(plan, "SHORT_HEAVY").remainingPath())
        .isLessThan(table(plan, "LONG_LIGHT_1").remainingPath());
  }

  @Test
  void waveIsOneMoreThanTheDeepestDependencyAndRemainingPathTheLongestWay() {
    batch.create("A");
    batch.create("B", "A");
    batch.create("C", "B");
    batch.create("D", "A", "C");
    batch.create("E", "A");

    BatchPlan plan = accepted();

    assertThat(waves(plan)).containsExactly(1, 2, 3, 4, 2);
    assertThat(remainingPaths(plan)).containsExactly(4, 3, 2, 1, 1);
    assertThat(plan.wave(2)).extracting(PlannedTable::name).containsExactly(name("B"), name("E"));
  }

  @Test
  void independentTablesShareTheFirstWave() {
    batch.create("A");
    batch.create("B");
    batch.create("C");

    BatchPlan plan = accepted();

    assertThat(waves(plan)).containsExactly(1, 1, 1);
    assertThat(remainingPaths(plan)).containsExactly(1, 1, 1);
    assertThat(plan.waveCount()).isEqualTo(1);
  }

  @Test
  void wideBatchFansOutAndIn() {
    batch.create("SOURCE");
    String[] middle = new String[50];
    for (int i = 0; i < middle.length; i++) {
      middle[i] = "M" + i;
      batch.create(middle[i], "SOURCE");
    }
    batch.create("SINK", middle);

    BatchPlan plan = accepted();

    assertThat(plan.waveCount()).isEqualTo(3);
    assertThat(plan.wave(2)).hasSize(50);
    assertThat(table(plan, "SOURCE").dependentStatementIndexes()).hasSize(50);
    assertThat(table(plan, "SINK").batchDependencies()).hasSize(50);
    assertThat(table(plan, "SOURCE").remainingPath()).isEqualTo(3);
  }

  @Test
  void registeredTablesAreExternalAndDoNotRaiseTheWave() {
    catalog.table("CUSTOMERS").loading("RATES");
    batch.create("A", "customers");
    batch.create("B", "A", "RATES");

    BatchPlan plan = accepted();

    assertThat(waves(plan)).containsExactly(1, 2);
    PlannedTable a = table(plan, "A");
    assertThat(a.externalDependencies()).containsExactly(name("CUSTOMERS"));
    assertThat(a.awaitedDependencies()).isEmpty();
    assertThat(a.batchDependencies()).isEmpty();
    PlannedTable b = table(plan, "B");
    assertThat(b.batchDependencies()).containsExactly(name("A"));
    assertThat(b.externalDependencies()).containsExactly(name("RATES"));
    assertThat(b.awaitedDependencies()).containsExactly(name("RATES"));
    assertThat(b.dependsOn()).containsExactly(name("A"), name("RATES"));
  }

  @Test
  void dependenciesAreSpelledAsTheirTablesWereCreated() {
    catalog.table("Customers");
    batch.create("Orders");
    batch.create("R", "ORDERS", "CUSTOMERS");

    PlannedTable r = table(accepted(), "R");

    assertThat(r.dependsOn()).extracting(TableName::name).containsExactly("Customers", "Orders");
  }

  @Test
  void ifNotExistsKeepsAnExistingTableWithoutLoadingOrCheckingIt() {
    catalog.table("ORDERS");
    batch.ifNotExists("ORDERS", "NOWHERE").topics("no-such-topic");
    batch.create("REPORT", "ORDERS");

    BatchPlan plan = accepted();

    PlannedTable orders = table(plan, "ORDERS");
    assertThat(orders.action()).isEqualTo(Action.KEEP_EXISTING);
    assertThat(orders.wave()).isZero();
    assertThat(orders.remainingPath()).isZero();
    assertThat(orders.isLoaded()).isFalse();
    assertThat(orders.dependsOn()).containsExactly(name("NOWHERE"));
    assertThat(orders.batchDependencies()).isEmpty();
    assertThat(orders.dependentStatementIndexes()).isEmpty();
    PlannedTable report = table(plan, "REPORT");
    assertThat(report.wave()).isEqualTo(1);
    assertThat(report.externalDependencies()).containsExactly(name("ORDERS"));
    assertThat(plan.loadedTables()).containsExactly(report);
    assertThat(plan.waveCount()).isEqualTo(1);
    assertThat(catalog.topicQuestions()).isEmpty();
  }

  @Test
  void ifNotExistsCreatesAMissingTable() {
    batch.ifNotExists("ORDERS");

    assertThat(table(accepted(), "ORDERS").action()).isEqualTo(Action.CREATE);
  }

  @Test
  void ifNotExistsOnATableStillLoadingElsewhereKeepsItAndItsReadersWait() {
    catalog.loading("ORDERS");
    batch.ifNotExists("ORDERS");
    batch.create("REPORT", "ORDERS");

    BatchPlan plan = accepted();

    assertThat(table(plan, "ORDERS").action()).isEqualTo(Action.KEEP_EXISTING);
    assertThat(table(plan, "REPORT").awaitedDependencies()).containsExactly(name("ORDERS"));
  }

  @Test
  void orReplaceReplacesAnExistingTableAndItsReadersReadTheNewOne() {
    catalog.table("ORDERS").capacity(1);
    batch.orReplace("ORDERS");
    batch.create("REPORT", "ORDERS");
    batch.orReplace("FRESH");

    BatchPlan plan = plan();

    assertThat(table(plan, "ORDERS").action()).isEqualTo(Action.REPLACE);
    assertThat(table(plan, "FRESH").action()).isEqualTo(Action.CREATE);
    assertThat(table(plan, "REPORT").batchDependencies()).containsExactly(name("ORDERS"));
    assertThat(table(plan, "REPORT").wave()).isEqualTo(2);
    // Capacity 1 with one table registered: REPLACE does not count, the two CREATEs do.
    assertThat(plan.problem()).map(PlanProblem::code).contains(ErrorCode.CAPACITY_EXCEEDED);
    assertThat(plan.problem().orElseThrow().message()).contains("1 exist, this batch creates 2");
  }

  @Test
  void orReplaceReadingItselfReadsTheOldTable() {
    catalog.table("A");
    batch.orReplace("a", "A");

    BatchPlan plan = accepted();

    PlannedTable a = table(plan, "A");
    assertThat(a.action()).isEqualTo(Action.REPLACE);
    assertThat(a.wave()).isEqualTo(1);
    assertThat(a.externalDependencies()).containsExactly(name("A"));
    assertThat(a.batchDependencies()).isEmpty();
    assertThat(a.dependentStatementIndexes()).isEmpty();
  }

  @Test
  void createReadingItselfWithoutAnExistingTableIsACycle() {
    batch.create("A", "A");

    BatchPlan plan = rejected(ErrorCode.CIRCULAR_DEPENDENCY);

    assertThat(plan.problem().orElseThrow().message()).contains("circular dependency: A -> A");
    assertThat(plan.problem().orElseThrow().statementIndex()).isZero();
    assertThat(plan.problemOf(0)).hasValueSatisfying(text -> assertThat(text).contains("A -> A"));
    assertThat(table(plan, "A").wave()).isZero();
    assertThat(plan.explain().get(0).wave()).isNull();
  }

  @Test
  void createReadingItselfWhenItExistsOnlyReportsThatItExists() {
    catalog.table("A");
    batch.create("A", "A");

    BatchPlan plan = rejected(ErrorCode.TABLE_ALREADY_EXISTS);

    assertThat(plan.problems())
        .extracting(PlanProblem::code)
        .containsExactly(ErrorCode.TABLE_ALREADY_EXISTS);
  }

  @Test
  void explicitDependenciesAddEdgesAndSqlWinsTheOrigin() {
    batch.create("A");
    batch.create("B");
    batch.create("C", "A").dependsOn("A", "B");

    BatchPlan plan = accepted();

    PlannedTable c = table(plan, "C");
    assertThat(c.wave()).isEqualTo(2);
    assertThat(c.batchDependencies()).containsExactly(name("A"), name("B"));
    assertThat(c.dependencyOrigins())
        .containsEntry(name("A"), Origin.SQL)
        .containsEntry(name("B"), Origin.EXPLICIT);
    assertThat(table(plan, "B").dependentStatementIndexes()).containsExactly(2);
  }

  @Test
  void duplicateNameNamesBothStatementsAndLines() {
    batch.create("ORDERS").line(1);
    batch.create("A").line(3);
    batch.create("B").line(5);
    batch.create("orders").line(9);

    BatchPlan plan = rejected(ErrorCode.DUPLICATE_TABLE_IN_BATCH);

    assertThat(plan.problem().orElseThrow().message())
        .contains(
            "table ORDERS is created twice in this batch: statement 1 (line 1) and statement 4 (line 9)");
    assertThat(plan.problem().orElseThrow().statementIndex()).isEqualTo(3);
    assertThat(plan.problemOf(0)).isEmpty();
    assertThat(plan.problemOf(3))
        .hasValueSatisfying(text -> assertThat(text).contains("created twice"));
    assertThatThrownBy(plan::throwIfRejected)
        .isInstanceOfSatisfying(
            TablewaveException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DUPLICATE_TABLE_IN_BATCH))
        .hasMessageContaining("statement 1 (line 1) and statement 4 (line 9)");
  }

  @Test
  void duplicateWithIfNotExistsIsStillADuplicate() {
    batch.ifNotExists("A");
    batch.ifNotExists("A");

    rejected(ErrorCode.DUPLICATE_TABLE_IN_BATCH);
  }

  @Test
  void laterDuplicateReadingTheNameReadsTheFirstDefinitionAndIsNoCycle() {
    batch.create("A");
    batch.create("A", "A");

    BatchPlan plan = rejected(ErrorCode.DUPLICATE_TABLE_IN_BATCH);

    assertThat(plan.problems())
        .extracting(PlanProblem::code)
        .containsExactly(ErrorCode.DUPLICATE_TABLE_IN_BATCH);
    assertThat(waves(plan)).containsExactly(1, 2);
  }

  @Test
  void existingNameWithoutIfNotExistsOrOrReplaceIsRejected() {
    catalog.table("ORDERS");
    batch.create("A");
    batch.create("orders").line(4);

    BatchPlan plan = rejected(ErrorCode.TABLE_ALREADY_EXISTS);

    String message = plan.problem().orElseThrow().message();
    assertThat(message)
        .contains(
            "table ORDERS already exists",
            "statement 2 (line 4)",
            "CREATE OR REPLACE TABLE ORDERS",
            "CREATE TABLE IF NOT EXISTS ORDERS");
    assertThat(plan.problem().orElseThrow().statementIndex()).isEqualTo(1);
    assertThat(plan.problemOf(1)).contains(message);
    assertThat(plan.problemOf(0)).isEmpty();
  }

  @Test
  void replacingATableWhoseFirstLoadRunsElsewhereIsBusy() {
    catalog.loading("ORDERS");
    batch.orReplace("ORDERS");

    BatchPlan plan = rejected(ErrorCode.TABLE_BUSY);

    assertThat(plan.problem().orElseThrow().message())
        .contains(
            "table ORDERS cannot be replaced now", "first load is still running in another batch");
  }

  @Test
  void plainCreateOfATableStillLoadingSaysSo() {
    catalog.loading("ORDERS");
    batch.create("ORDERS");

    BatchPlan plan = rejected(ErrorCode.TABLE_ALREADY_EXISTS);

    assertThat(plan.problem().orElseThrow().message()).contains("another batch is creating it");
  }

  @Test
  void cycleIsReportedWithItsPathOnEveryTableInIt() {
    batch.create("A", "B");
    batch.create("B", "C");
    batch.create("C", "A");
    batch.create("D", "C");
    batch.create("E");

    BatchPlan plan = rejected(ErrorCode.CIRCULAR_DEPENDENCY);

    String message = plan.problem().orElseThrow().message();
    assertThat(message).contains("circular", "circular dependency: A -> B -> C -> A");
    for (int i = 0; i < 3; i++) {
      assertThat(plan.problemOf(i))
          .hasValueSatisfying(text -> assertThat(text).contains("A -> B -> C -> A"));
    }
    assertThat(plan.problemOf(3))
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .contains(
                        "table D cannot be scheduled",
                        "table C, which is in a circular dependency"));
    assertThat(plan.problemOf(4)).isEmpty();
    assertThat(plan.problems()).hasSize(1);
    assertThat(plan.explain())
        .extracting(ExplainRow::wave)
        .containsExactly(null, null, null, null, 1);
    assertThat(table(plan, "A").remainingPath()).isZero();
  }

  @Test
  void cyclePathDoesNotDependOnStatementOrder() {
    batch.create("C", "A");
    batch.create("B", "C");
    batch.create("A", "B");
    Batch other = new Batch();
    other.create("B", "C");
    other.create("A", "B");
    other.create("C", "A");

    String first = plan().problem().orElseThrow().message();
    String second =
        new BatchPlanner().plan(other.inputs(), catalog).problem().orElseThrow().message();

    assertThat(first).contains("circular dependency: A -> B -> C -> A").isEqualTo(second);
  }

  @Test
  void cycleFollowsTheShortestWayBackInNameOrder() {
    // A reads B and Z; B reads A and C; C reads A; Z reads A.
    batch.create("A", "Z", "B");
    batch.create("B", "C", "A");
    batch.create("C", "A");
    batch.create("Z", "A");

    BatchPlan plan = rejected(ErrorCode.CIRCULAR_DEPENDENCY);

    assertThat(plan.problem().orElseThrow().message())
        .contains("circular dependency: A -> B -> A ");
    assertThat(plan.problemOf(2))
        .hasValueSatisfying(text -> assertThat(text).contains("C -> A -> B -> C"));
    assertThat(plan.problemOf(3))
        .hasValueSatisfying(text -> assertThat(text).contains("Z -> A -> Z"));
    assertThat(plan.problems()).hasSize(1);
  }

  @Test
  void severalCyclesAreAllReportedAlphabeticallyFirstOneWins() {
    batch.create("Y", "X");
    batch.create("X", "Y");
    batch.create("B", "A");
    batch.create("A", "B");

    BatchPlan plan = rejected(ErrorCode.CIRCULAR_DEPENDENCY);

    assertThat(plan.problems())
        .extracting(PlanProblem::message)
        .satisfiesExactly(
            first -> assertThat(first).contains("A -> B -> A"),
            second -> assertThat(second).contains("X -> Y -> X"));
    assertThat(plan.problem().orElseThrow().statementIndex()).isEqualTo(3);
  }

  @Test
  void largeCycleComponentNamesItsSizeOnTablesOffThePath() {
    int size = 300;
    for (int i = 0; i < size; i++) {
      String next = String.format("N%03d", (i + 1) % size);
      Batch.Statement statement = batch.create(String.format("N%03d", i), next);
      if (i == 0) {
        statement.reads(String.format("N%03d", size - 1));
      }
    }

    BatchPlan plan = rejected(ErrorCode.CIRCULAR_DEPENDENCY);

    assertThat(plan.problem().orElseThrow().message())
        .contains("circular dependency: N000 -> N299 -> N000");
    assertThat(plan.problemOf(299))
        .hasValueSatisfying(text -> assertThat(text).contains("N000 -> N299 -> N000"));
    assertThat(plan.problemOf(5))
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .contains("table N005 is part of a circular dependency among 300 tables"));
  }

  @Test
  void missingTableNamesBothTables() {
    batch.create("REPORT", "ORDERS");

    BatchPlan plan = rejected(ErrorCode.MISSING_TABLE);

    assertThat(plan.problem().orElseThrow().message())
        .contains(
            "table REPORT depends on missing table ORDERS: it is neither created in this batch nor loaded");
    assertThat(plan.problemOf(0))
        .hasValueSatisfying(text -> assertThat(text).contains("missing table ORDERS"));
    assertThat(table(plan, "REPORT").dependsOn()).containsExactly(name("ORDERS"));
    assertThat(table(plan, "REPORT").wave()).isEqualTo(1);
  }

  @Test
  void missingExplicitDependencyPointsAtDependsOn() {
    batch.create("REPORT").dependsOn("AUDIT");

    BatchPlan plan = rejected(ErrorCode.MISSING_TABLE);

    assertThat(plan.problem().orElseThrow().message())
        .contains("table REPORT depends on missing table AUDIT", "depends_on");
  }

  @Test
  void missingTopicNamesTopicTableAndReasonAndIsAskedOncePerTopic() {
    catalog.topic("orders");
    batch.create("A").topics("orders", "payments");
    batch.create("B").topics("payments");
    batch.create("C").topics("clicks").property("kafka.bootstrap.servers", "broker:9093");

    BatchPlan plan = rejected(ErrorCode.MISSING_TOPIC);

    assertThat(plan.problem().orElseThrow().message())
        .isEqualTo(
            "table A cannot read Kafka topic 'payments': topic 'payments' does not exist on localhost:9092");
    assertThat(plan.problems()).extracting(PlanProblem::statementIndex).containsExactly(0, 1, 2);
    assertThat(plan.problemOf(2))
        .hasValueSatisfying(text -> assertThat(text).contains("'clicks'", "broker:9093"));
    assertThat(catalog.topicQuestions()).containsExactlyInAnyOrder("orders", "payments", "clicks");
    assertThat(table(plan, "A").topics()).containsExactly("orders", "payments");
  }

  @Test
  void capacityCountsOnlyCreatedTables() {
    catalog.capacity(100).otherTables(96).table("KEPT").table("REPLACED");
    batch.ifNotExists("KEPT");
    batch.orReplace("REPLACED");
    for (int i = 0; i < 5; i++) {
      batch.create("NEW" + i);
    }

    BatchPlan plan = rejected(ErrorCode.CAPACITY_EXCEEDED);

    PlanProblem problem = plan.problem().orElseThrow();
    assertThat(problem.message())
        .contains(
            "capacity",
            "registry capacity of 100 tables would be exceeded: 98 exist, this batch creates 5");
    assertThat(problem.statementIndex()).isEqualTo(-1);
    assertThat(plan.problemOf(2)).isEmpty();
    assertThat(plan.problemOf(3)).isEmpty();
    assertThat(plan.problemOf(4)).hasValueSatisfying(text -> assertThat(text).contains("capacity"));
    assertThat(plan.problemOf(6)).isPresent();
  }

  @Test
  void fillingTheRegistryExactlyIsAllowed() {
    catalog.capacity(100).otherTables(95);
    for (int i = 0; i < 5; i++) {
      batch.create("NEW" + i);
    }

    accepted();
  }

  @Test
  void rulesWinInTheOrderOfTheSpecification() {
    catalog.table("OLD").loading("BUSY").capacity(3);
    batch.create("A", "B");
    batch.create("B", "A");
    batch.create("R", "NOWHERE").topics("nope");
    batch.create("OLD");
    batch.orReplace("BUSY");
    batch.create("R");

    BatchPlan plan = plan();

    assertThat(plan.problems())
        .extracting(PlanProblem::code)
        .containsExactly(
            ErrorCode.DUPLICATE_TABLE_IN_BATCH,
            ErrorCode.TABLE_ALREADY_EXISTS,
            ErrorCode.TABLE_BUSY,
            ErrorCode.CIRCULAR_DEPENDENCY,
            ErrorCode.MISSING_TABLE,
            ErrorCode.MISSING_TOPIC,
            ErrorCode.CAPACITY_EXCEEDED);
    assertThat(plan.problemOf(2))
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .contains("missing table NOWHERE")
                    .contains("'nope'")
                    .contains("capacity"));
    assertThatThrownBy(plan::throwIfRejected)
        .isInstanceOfSatisfying(
            TablewaveException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.DUPLICATE_TABLE_IN_BATCH));
  }

  @Test
  void cycleWinsOverMissingTable() {
    batch.create("A", "B", "GONE");
    batch.create("B", "A");

    BatchPlan plan = rejected(ErrorCode.CIRCULAR_DEPENDENCY);

    assertThat(plan.problems())
        .extracting(PlanProblem::code)
        .containsExactly(ErrorCode.CIRCULAR_DEPENDENCY, ErrorCode.MISSING_TABLE);
    assertThat(plan.problemOf(0))
        .hasValueSatisfying(
            text ->
                assertThat(text)
                    .startsWith("circular dependency: A -> B -> A")
                    .contains("missing table GONE"));
  }

  @Test
  void registryIsAskedOncePerName() {
    catalog.table("X");
    batch.create("A", "X");
    batch.create("B", "X", "a");
    batch.create("C", "x", "A", "B");

    accepted();

    assertThat(catalog.tableQuestions()).doesNotHaveDuplicates();
  }

  @Test
  void statementsArePlannedInStatementOrderWhateverTheInputOrder() {
    batch.create("A");
    batch.create("B", "A");
    List<PlanInput> reversed = new java.util.ArrayList<>(batch.inputs());
    java.util.Collections.reverse(reversed);

    BatchPlan plan = new BatchPlanner().plan(reversed, catalog);

    assertThat(plan.tables()).extracting(PlannedTable::statementIndex).containsExactly(0, 1);
  }

  @Test
  void repeatedStatementIndexIsAProgrammingError() {
    List<PlanInput> inputs = List.of(batch.create("A").input(), batch.create("B").input());
    List<PlanInput> twice = List.of(inputs.get(0), inputs.get(0));

    assertThatThrownBy(() -> new BatchPlanner().plan(twice, catalog))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("statement index 0");
  }

  private BatchPlan plan() {
    return new BatchPlanner().plan(batch.inputs(), catalog);
  }

  private BatchPlan accepted() {
    BatchPlan plan = plan();
    assertThat(plan.problems()).isEmpty();
    assertThat(plan.isRejected()).isFalse();
    return plan;
  }

  private BatchPlan rejected(ErrorCode code) {
    BatchPlan plan = plan();
    assertThat(plan.isRejected()).isTrue();
    assertThat(plan.problem()).map(PlanProblem::code).contains(code);
    assertThatThrownBy(plan::throwIfRejected)
        .isInstanceOf(TablewaveException.class)
        .hasMessage(plan.problem().orElseThrow().message());
    return plan;
  }

  private static PlannedTable table(BatchPlan plan, String name) {
    return plan.tables().stream()
        .filter(t -> t.name().equals(new TableName(name)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no table " + name + " in " + plan.tables()));
  }

  private static List<Integer> waves(BatchPlan plan) {
    return plan.tables().stream().map(PlannedTable::wave).collect(Collectors.toList());
  }

  private static List<Integer> remainingPaths(BatchPlan plan) {
    return plan.tables().stream().map(PlannedTable::remainingPath).collect(Collectors.toList());
  }

  private static TableName name(String name) {
    return new TableName(name);
  }
}
