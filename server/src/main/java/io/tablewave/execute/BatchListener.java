package io.tablewave.execute;

/** Hears what happens to the tasks of a batch; called outside the scheduler's lock. */
public interface BatchListener {
  void taskStarted(TaskSpec task);

  /** Called once per task with its final outcome, including skipped and cancelled tasks. */
  void taskFinished(TaskSpec task, TaskOutcome outcome);

  void batchFinished(BatchOutcome outcome);
}
