package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One table of a batch as the scheduler sees it.
 *
 * @param id the statement index, unique within the batch
 * @param dependsOn ids of the tasks of the same batch this one reads
 * @param awaited loads of other batches this one reads: name and a future completing with true once
 *     that table is loaded, false if its load did not succeed
 * @param priority the estimated work on the heaviest path from this task on; among ready tasks of a
 *     batch the largest starts first
 * @param keep true when nothing is to be loaded (IF NOT EXISTS on an existing table)
 * @param limits the table's timeout and retries
 */
public record TaskSpec(
    int id,
    String name,
    Set<Integer> dependsOn,
    List<Awaited> awaited,
    long priority,
    boolean keep,
    LoadLimits limits) {
  public TaskSpec {
    requireNonNull(name, "name is null");
    requireNonNull(limits, "limits is null");
    dependsOn = Set.copyOf(dependsOn);
    awaited = List.copyOf(awaited);
  }

  public TaskSpec(
      int id,
      String name,
      Set<Integer> dependsOn,
      List<Awaited> awaited,
      long priority,
      boolean keep) {
    this(id, name, dependsOn, awaited, priority, keep, LoadLimits.NONE);
  }

  /** A table of another batch that must finish loading first. */
  public record Awaited(String name, CompletableFuture<Boolean> loaded) {
    public Awaited {
      requireNonNull(name, "name is null");
      requireNonNull(loaded, "loaded is null");
    }
  }
}
