package io.tablewave.metrics;

import io.tablewave.registry.BatchTableStatus;
import java.time.Duration;

/** Hears how loads and batches end, for metrics. */
public interface LoadMetrics {
  /** Metrics that go nowhere, when the server exposes none. */
  LoadMetrics NONE =
      new LoadMetrics() {
        @Override
        public void tableFinished(BatchTableStatus status, long rows, Duration took) {}

        @Override
        public void batchFinished(String status, Duration took) {}
      };

  void tableFinished(BatchTableStatus status, long rows, Duration took);

  void batchFinished(String status, Duration took);
}
