package io.tablewave.execute;

/** Hears how far the load of one table is. */
public interface LoadProgress {
  /** The number of rows the load will read, once known (Kafka loads know it from the offsets). */
  void rowsExpected(long rows);

  /** Rows read so far. */
  void rowsLoaded(long rows);
}
