package io.tablewave.plan;

import static java.util.Objects.requireNonNull;

import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.TableName;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One statement of a batch as planned.
 *
 * <p>A {@link Action#KEEP_EXISTING} table is not loaded: its wave and remaining path are 0, it has
 * no batch, external or awaited dependencies (its declared ones are only listed in {@link
 * #dependsOn}), and the tables of the batch that read it treat it as an existing table.
 *
 * @param statementIndex 0-based position in the batch
 * @param statement the statement, for the load
 * @param name the table's name as written in the statement
 * @param action what the statement does to its table
 * @param wave the dependency level, 1-based: 1 when no dependency is loaded by this batch, else one
 *     more than the highest wave among those dependencies; 0 when the table is not loaded ({@link
 *     Action#KEEP_EXISTING}) or cannot be scheduled (it is in or behind a cycle)
 * @param dependsOn every table dependency (from the SQL and from {@code depends_on}), each spelled
 *     as the table that satisfies it was created
 * @param batchDependencies the dependencies this batch loads (the table starts after them)
 * @param externalDependencies the dependencies that are already registered
 * @param awaitedDependencies the external dependencies whose first load is still running in another
 *     batch: the table must wait for them
 * @param dependencyOrigins where each dependency was found
 * @param topics the Kafka topics the table reads
 * @param remainingPath number of tables on the longest path from this table to a table nothing in
 *     the batch depends on, counting this table; the scheduler starts the ready table with the
 *     largest value first. 0 when the table is not loaded or cannot be scheduled
 * @param remainingWork the estimated work on the heaviest path from this table on, this table
 *     included: each table counts the rows it reads (registered tables' row counts, Kafka topics'
 *     offsets, and for tables of this batch what they read in turn), at least 1. The scheduler
 *     starts the ready table with the largest value first; with no sizes known it equals {@code
 *     remainingPath}
 * @param dependentStatementIndexes the statements of this batch that depend directly on this table,
 *     ascending
 */
public record PlannedTable(
    int statementIndex,
    CreateTableAs statement,
    TableName name,
    Action action,
    int wave,
    SortedSet<TableName> dependsOn,
    Set<TableName> batchDependencies,
    Set<TableName> externalDependencies,
    Set<TableName> awaitedDependencies,
    Map<TableName, Origin> dependencyOrigins,
    SortedSet<String> topics,
    int remainingPath,
    long remainingWork,
    List<Integer> dependentStatementIndexes) {
  public PlannedTable {
    requireNonNull(statement, "statement is null");
    requireNonNull(name, "name is null");
    requireNonNull(action, "action is null");
    dependsOn = sorted(dependsOn, "dependsOn");
    batchDependencies = sorted(batchDependencies, "batchDependencies");
    externalDependencies = sorted(externalDependencies, "externalDependencies");
    awaitedDependencies = sorted(awaitedDependencies, "awaitedDependencies");
    dependencyOrigins =
        Collections.unmodifiableSortedMap(
            new TreeMap<>(requireNonNull(dependencyOrigins, "dependencyOrigins is null")));
    topics =
        Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(topics, "topics is null")));
    dependentStatementIndexes = List.copyOf(dependentStatementIndexes);
    if (wave < 0 || remainingPath < 0 || remainingWork < 0) {
      throw new IllegalArgumentException(
          "wave, remainingPath and remainingWork must not be negative");
    }
  }

  /** True when this batch loads the table ({@link Action#CREATE} or {@link Action#REPLACE}). */
  public boolean isLoaded() {
    return action != Action.KEEP_EXISTING;
  }

  /** True when the table is loaded and has a wave, i.e. it is not in or behind a cycle. */
  public boolean isScheduled() {
    return isLoaded() && wave > 0;
  }

  private static SortedSet<TableName> sorted(Set<TableName> names, String what) {
    return Collections.unmodifiableSortedSet(
        new TreeSet<>(requireNonNull(names, what + " is null")));
  }
}
