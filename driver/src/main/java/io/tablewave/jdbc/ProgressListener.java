package io.tablewave.jdbc;

/**
 * Receives the progress of a running batch; see {@link
 * TablewaveStatement#onProgress(ProgressListener, java.time.Duration)}.
 */
@FunctionalInterface
public interface ProgressListener {
  /**
   * Where the batch stands now; the last event of a batch has {@link BatchProgress#finished()}
   * true.
   */
  void onProgress(BatchProgress progress);
}
