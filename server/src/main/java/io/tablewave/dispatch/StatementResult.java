package io.tablewave.dispatch;

import io.tablewave.data.Column;
import java.util.List;

/** What running a statement gives back to the client. */
public sealed interface StatementResult {
  /** An update count (rows loaded, tables dropped, statements queued). */
  record UpdateCount(long count) implements StatementResult {}

  /** Rows computed by the server itself (EXPLAIN). */
  record Rows(List<Column> columns, List<Object[]> rows) implements StatementResult {
    public Rows {
      columns = List.copyOf(columns);
      rows = List.copyOf(rows);
    }
  }

  /** A query for the query engine to run; {@code sql} is what it should run. */
  record Query(String sql) implements StatementResult {}
}
