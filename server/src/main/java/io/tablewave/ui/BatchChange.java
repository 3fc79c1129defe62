package io.tablewave.ui;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What changed in a batch between two snapshots, as a change event carries it: the batch when
 * anything of it but its running duration changed, the nodes whose state changed (without their
 * position and SQL, which never change), and the wave totals when they changed. Null parts are left
 * out of the JSON.
 */
public record BatchChange(
    BatchSummary batch, List<BatchSnapshot.Node> nodes, List<BatchSnapshot.WaveTotals> waves) {
  public BatchChange {
    nodes = List.copyOf(nodes);
    waves = waves == null ? null : List.copyOf(waves);
  }

  /** The change from {@code before} to {@code after}; empty when nothing a page shows changed. */
  public static Optional<BatchChange> between(BatchSnapshot before, BatchSnapshot after) {
    Map<String, BatchSnapshot.Node> old = new HashMap<>();
    before.nodes().forEach(n -> old.put(n.id(), n.changing()));
    List<BatchSnapshot.Node> changed = new ArrayList<>();
    for (BatchSnapshot.Node node : after.nodes()) {
      BatchSnapshot.Node now = node.changing();
      if (!now.equals(old.get(node.id()))) {
        changed.add(now);
      }
    }
    boolean batchChanged = !withoutDuration(before.batch()).equals(withoutDuration(after.batch()));
    boolean wavesChanged = !Objects.equals(before.waves(), after.waves());
    if (changed.isEmpty() && !batchChanged && !wavesChanged) {
      return Optional.empty();
    }
    return Optional.of(
        new BatchChange(
            batchChanged ? after.batch() : null, changed, wavesChanged ? after.waves() : null));
  }

  private static BatchSummary withoutDuration(BatchSummary batch) {
    return new BatchSummary(
        batch.id(),
        batch.status(),
        batch.submittedAt(),
        batch.finishedAt(),
        0,
        batch.tables(),
        batch.succeeded(),
        batch.failed(),
        batch.skipped(),
        batch.waves(),
        batch.parallelism(),
        batch.user(),
        batch.error(),
        batch.page());
  }
}
