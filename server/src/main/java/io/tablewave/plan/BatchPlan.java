package io.tablewave.plan;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.error.TablewaveException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of planning a batch: every statement as planned, in statement order, and the problems
 * that reject the batch (none when it may run). A rejected plan is still complete enough for {@code
 * EXPLAIN}: every statement has a row and, where it causes a rejection, a problem text.
 */
public final class BatchPlan {
  private final List<PlannedTable> tables;
  private final List<PlanProblem> problems;
  private final Map<Integer, String> tableProblems;
  private final Map<Integer, List<Column>> columns;
  private final Map<Integer, Map<String, List<Column>>> topicColumns;
  private final int waveCount;

  /**
   * @param tables the planned statements, in statement order
   * @param problems every reason to reject the batch, most important first
   * @param tableProblems per statement index, the text EXPLAIN shows in its PROBLEM column
   */
  public BatchPlan(
      List<PlannedTable> tables, List<PlanProblem> problems, Map<Integer, String> tableProblems) {
    this(tables, problems, tableProblems, Map.of(), Map.of());
  }

  /**
   * @param tables the planned statements, in statement order
   * @param problems every reason to reject the batch, most important first
   * @param tableProblems per statement index, the text EXPLAIN shows in its PROBLEM column
   * @param columns per statement index, the columns derived from its validated query
   * @param topicColumns per statement index, the columns of each Kafka topic it reads, as sampled
   *     for it
   */
  public BatchPlan(
      List<PlannedTable> tables,
      List<PlanProblem> problems,
      Map<Integer, String> tableProblems,
      Map<Integer, List<Column>> columns,
      Map<Integer, Map<String, List<Column>>> topicColumns) {
    this.tables = List.copyOf(tables);
    this.problems = List.copyOf(problems);
    this.tableProblems = Map.copyOf(requireNonNull(tableProblems, "tableProblems is null"));
    this.columns = Map.copyOf(requireNonNull(columns, "columns is null"));
    this.topicColumns = Map.copyOf(requireNonNull(topicColumns, "topicColumns is null"));
    this.waveCount = this.tables.stream().mapToInt(PlannedTable::wave).max().orElse(0);
  }

  /** The planned statements in statement order. */
  public List<PlannedTable> tables() {
    return tables;
  }

  /**
   * The statements this batch loads (everything but {@link Action#KEEP_EXISTING}), in statement
   * order.
   */
  public List<PlannedTable> loadedTables() {
    return tables.stream().filter(PlannedTable::isLoaded).toList();
  }

  /** The most important reason to reject the batch; empty when it may run. */
  public Optional<PlanProblem> problem() {
    return problems.stream().findFirst();
  }

  /** Every reason to reject the batch, most important first. */
  public List<PlanProblem> problems() {
    return problems;
  }

  /** Why the batch would be rejected because of this statement (several reasons joined by "; "). */
  public Optional<String> problemOf(int statementIndex) {
    return Optional.ofNullable(tableProblems.get(statementIndex));
  }

  /**
   * The columns of the statement's table, derived from its validated query; the load gives the
   * table exactly these. Empty when the query could not be validated at planning (it reads a table
   * still loading elsewhere).
   */
  public Optional<List<Column>> columnsOf(int statementIndex) {
    return Optional.ofNullable(columns.get(statementIndex));
  }

  /**
   * The columns of each Kafka topic the statement reads, as planning sampled them; the load stages
   * these.
   */
  public Map<String, List<Column>> topicColumnsOf(int statementIndex) {
    return topicColumns.getOrDefault(statementIndex, Map.of());
  }

  /** The highest wave; 0 when the batch loads nothing. */
  public int waveCount() {
    return waveCount;
  }

  public boolean isRejected() {
    return !problems.isEmpty();
  }

  /**
   * Throws the most important problem as a {@link TablewaveException}; does nothing when the plan
   * may run.
   */
  public void throwIfRejected() {
    Optional<PlanProblem> problem = problem();
    if (problem.isPresent()) {
      throw new TablewaveException(problem.get().code(), problem.get().message());
    }
  }

  /** The tables of one wave, ordered by longest remaining path first, then statement order. */
  public List<PlannedTable> wave(int wave) {
    return tables.stream()
        .filter(t -> t.isScheduled() && t.wave() == wave)
        .sorted(
            Comparator.comparingInt(PlannedTable::remainingPath)
                .reversed()
                .thenComparingInt(PlannedTable::statementIndex))
        .toList();
  }

  /** The EXPLAIN rows of this plan, one per statement. */
  public List<ExplainRow> explain() {
    return Explanation.rows(this);
  }

  @Override
  public String toString() {
    return "BatchPlan[tables="
        + tables.size()
        + ", waves="
        + waveCount
        + (isRejected() ? ", rejected: " + problems.get(0).message() : "")
        + "]";
  }
}
