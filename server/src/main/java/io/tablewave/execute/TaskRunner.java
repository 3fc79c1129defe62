package io.tablewave.execute;

/** Does the work of one task on a worker thread. */
public interface TaskRunner {
  /**
   * Loads the task's table.
   *
   * @return the rows loaded
   * @throws Exception when the load failed; the task is FAILED with the exception's message
   */
  long run(TaskSpec task, CancellationToken token) throws Exception;
}
