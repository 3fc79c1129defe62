package io.tablewave.sql;

import java.util.List;

/** {@code EXPLAIN stmt [; stmt ...]}: plan the CTAS statements as one batch, run nothing. */
public record ExplainBatch(List<CreateTableAs> statements, String sqlText) implements ParsedStatement {
  public ExplainBatch {
    statements = List.copyOf(statements);
  }
}
