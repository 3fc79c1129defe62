package io.tablewave.store;

import io.tablewave.data.RowSink;

/**
 * Writes rows into a table through the store's bulk path (DuckDB's appender, JDBC batches
 * elsewhere). Used by one thread at a time. A writer into a new table makes all rows durable at
 * {@link #finish()}, and closing it unfinished drops the table; one opened in a caller's
 * transaction ({@link Store#openWriter(java.sql.Connection, String, java.util.List)}) only sends
 * its rows.
 */
public interface TableWriter extends RowSink, AutoCloseable {
  long rowsWritten();

  void finish();

  @Override
  void close();
}
