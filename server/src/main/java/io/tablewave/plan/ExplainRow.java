package io.tablewave.plan;

import static java.util.Objects.requireNonNull;

/**
 * One row of {@code EXPLAIN}: what would happen to one statement of the batch.
 *
 * @param statementIndex 0-based position in the batch
 * @param tableName the table's name as written
 * @param action {@code CREATE}, {@code REPLACE} or {@code KEEP_EXISTING}
 * @param wave the dependency level (1-based); 0 for {@code KEEP_EXISTING} (not loaded); null when
 *     the table cannot be scheduled because it is in or behind a cycle
 * @param dependsOn table dependencies, sorted, comma-separated; null when there are none
 * @param sources Kafka topics, sorted, comma-separated; null when there are none
 * @param problem null, or why the batch would be rejected because of this statement
 */
public record ExplainRow(
    int statementIndex,
    String tableName,
    String action,
    Integer wave,
    String dependsOn,
    String sources,
    String problem) {
  public ExplainRow {
    requireNonNull(tableName, "tableName is null");
    requireNonNull(action, "action is null");
  }
}
