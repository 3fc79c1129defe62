package io.tablewave.dispatch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The shapes of the most recently planned batches, in memory, the oldest forgotten first. */
final class RecentBatchShapes {
  private final Map<Long, BatchShape> shapes;

  RecentBatchShapes(int limit) {
    this.shapes =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Long, BatchShape> eldest) {
            return size() > limit;
          }
        };
  }

  synchronized void remember(BatchShape shape) {
    shapes.put(shape.batchId(), shape);
  }

  synchronized Optional<BatchShape> shape(long batchId) {
    return Optional.ofNullable(shapes.get(batchId));
  }
}
