package io.tablewave.execute;

import java.util.Map;

/** The outcome of every task of a batch, by task id, once all are final. */
public record BatchOutcome(Map<Integer, TaskOutcome> outcomes, boolean cancelled) {
  public BatchOutcome {
    outcomes = Map.copyOf(outcomes);
  }

  public long count(TaskStatus status) {
    return outcomes.values().stream().filter(o -> o.status() == status).count();
  }
}
