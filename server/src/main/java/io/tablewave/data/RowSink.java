package io.tablewave.data;

/**
 * Receives the rows of a table being materialized, one thread at a time. Values follow the
 * Java types documented on {@link ColumnType}; null is SQL NULL.
 */
public interface RowSink {
  void accept(Object[] row);
}
