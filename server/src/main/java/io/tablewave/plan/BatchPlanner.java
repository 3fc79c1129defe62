package io.tablewave.plan;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Plans a batch of CTAS statements: decides each statement's action, resolves its table
 * dependencies against the batch and the registry, levels the tables into waves, and finds every
 * reason to reject the batch. It never throws for a problem of the user's batch: the plan carries
 * the problems ({@link BatchPlan#throwIfRejected()} turns them into an exception).
 *
 * <h2>Decisions</h2>
 *
 * <ul>
 *   <li>Action: a name that is not registered is {@link Action#CREATE}d. A registered name with
 *       {@code IF NOT EXISTS} is {@link Action#KEEP_EXISTING} (also when {@code OR REPLACE} is
 *       given too: the choice that destroys nothing wins); with {@code OR REPLACE} it is {@link
 *       Action#REPLACE}d; with neither the batch is rejected.
 *   <li>A dependency on a name created or replaced in this batch is a batch dependency (the new
 *       version is read). A name kept by {@code IF NOT EXISTS} or only registered is an external
 *       dependency, awaited when its first load is still running elsewhere.
 *   <li>{@link Action#KEEP_EXISTING} tables are treated as already loaded: wave 0, no edges; their
 *       own dependencies and topics are listed but not checked, since nothing of them runs.
 *   <li>Self-reference: a table that reads its own name reads the registered table of that name
 *       when there is one ({@code CREATE OR REPLACE TABLE a AS SELECT * FROM a} reads the old
 *       {@code a}, then swaps in the new one); without a registered table it is the cycle {@code A
 *       -> A}.
 *   <li>Statements are numbered from 1 in messages ("statement 1" is statement index 0).
 * </ul>
 *
 * <h2>Which rule wins</h2>
 *
 * All rules are checked, so EXPLAIN can show every problem; {@link BatchPlan#problem()} is the
 * first of, in this order: duplicate name in the batch, name already exists, replacing a table
 * whose first load is running elsewhere, cycle, missing table, unusable Kafka topic, registry
 * capacity. Within one rule the earliest statement wins; among cycles the one through the
 * alphabetically first table.
 *
 * <p>Runs in O(V + E) for a valid batch (Kahn's algorithm); finding cycle paths costs more only
 * when there are cycles.
 */
public final class BatchPlanner {
  public BatchPlanner() {}

  /**
   * @param inputs the statements of the batch with their extracted dependencies, any order;
   *     statement indexes must be distinct
   * @param catalog the registry and the Kafka cluster as the planner sees them
   */
  public BatchPlan plan(List<PlanInput> inputs, Catalog catalog) {
    requireNonNull(inputs, "inputs is null");
    requireNonNull(catalog, "catalog is null");
    List<PlanInput> ordered = new ArrayList<>(inputs);
    ordered.sort(Comparator.comparingInt(PlanInput::statementIndex));
    Set<Integer> seen = new HashSet<>();
    for (PlanInput input : ordered) {
      requireNonNull(input, "input is null");
      if (!seen.add(input.statementIndex())) {
        throw new IllegalArgumentException(
            "statement index " + input.statementIndex() + " is given twice");
      }
    }
    return new Planning(ordered, catalog).run();
  }
}
