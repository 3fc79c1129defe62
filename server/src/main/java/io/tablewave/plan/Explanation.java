package io.tablewave.plan;

import java.util.List;
import java.util.stream.Collectors;

/** The rows of {@code EXPLAIN} for a plan, rejected or not. */
public final class Explanation {
  /** The column names of the EXPLAIN result, in order. */
  public static final List<String> COLUMNS =
      List.of(
          "STATEMENT_INDEX", "TABLE_NAME", "ACTION", "WAVE", "DEPENDS_ON", "SOURCES", "PROBLEM");

  /** Separator of the names in the DEPENDS_ON and SOURCES columns. */
  public static final String SEPARATOR = ", ";

  private Explanation() {}

  /** One row per statement, in statement order. */
  public static List<ExplainRow> rows(BatchPlan plan) {
    return plan.tables().stream().map(table -> row(plan, table)).toList();
  }

  private static ExplainRow row(BatchPlan plan, PlannedTable table) {
    Integer wave = table.isLoaded() && !table.isScheduled() ? null : table.wave();
    String dependsOn =
        table.dependsOn().isEmpty()
            ? null
            : table.dependsOn().stream()
                .map(Object::toString)
                .collect(Collectors.joining(SEPARATOR));
    String sources = table.topics().isEmpty() ? null : String.join(SEPARATOR, table.topics());
    return new ExplainRow(
        table.statementIndex(),
        table.name().name(),
        table.action().name(),
        wave,
        dependsOn,
        sources,
        plan.problemOf(table.statementIndex()).orElse(null));
  }
}
