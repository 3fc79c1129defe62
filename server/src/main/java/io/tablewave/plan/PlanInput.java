package io.tablewave.plan;

import static java.util.Objects.requireNonNull;

import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.TableName;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * One statement of a batch with the dependencies extracted from it.
 *
 * @param statementIndex 0-based position of the statement in the batch as submitted
 * @param statement the parsed statement
 * @param sqlDependencies tables the query reads (FROM, JOIN, subqueries, set operations)
 * @param explicitDependencies tables named in the {@code depends_on} property
 * @param topics Kafka topics the query reads
 */
public record PlanInput(
    int statementIndex,
    CreateTableAs statement,
    Set<TableName> sqlDependencies,
    Set<TableName> explicitDependencies,
    Set<String> topics) {
  public PlanInput {
    if (statementIndex < 0) {
      throw new IllegalArgumentException("statementIndex is negative: " + statementIndex);
    }
    requireNonNull(statement, "statement is null");
    sqlDependencies =
        Collections.unmodifiableSet(
            new TreeSet<>(requireNonNull(sqlDependencies, "sqlDependencies is null")));
    explicitDependencies =
        Collections.unmodifiableSet(
            new TreeSet<>(requireNonNull(explicitDependencies, "explicitDependencies is null")));
    topics = Collections.unmodifiableSet(new TreeSet<>(requireNonNull(topics, "topics is null")));
  }

  /** The table the statement creates. */
  public TableName name() {
    return statement.table();
  }
}
