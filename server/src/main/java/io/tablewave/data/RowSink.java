package io.tablewave.data;

/**
 * Receives the rows of a table being materialized, one thread at a time; a sink copies what it
 * keeps, so callers may reuse the array for the next row. Values follow the Java types documented
 * on {@link ColumnType}; null is SQL NULL.
 */
public interface RowSink {
  void accept(Object[] row);
}
