package io.tablewave.store;

import io.tablewave.data.RowSink;

/**
 * Writes rows into a new table through the store's bulk path (DuckDB's appender, JDBC batches
 * elsewhere). Used by one thread at a time. {@link #finish()} makes all rows durable; closing a
 * writer that was not finished drops the table.
 */
public interface TableWriter extends RowSink, AutoCloseable {
  long rowsWritten();

  void finish();

  @Override
  void close();
}
