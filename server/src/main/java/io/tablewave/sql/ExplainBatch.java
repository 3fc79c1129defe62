package io.tablewave.sql;

import java.util.List;

/**
 * {@code EXPLAIN stmt [; stmt ...]}: plan the CTAS and REFRESH statements as one batch, run
 * nothing.
 *
 * @param items the statements of the batch in order
 */
public record ExplainBatch(List<BatchStatement> items, String sqlText) implements ParsedStatement {
  public ExplainBatch {
    items = List.copyOf(items);
  }

  /** The CTAS statements of the batch, in order. */
  public List<CreateTableAs> statements() {
    return items.stream()
        .filter(CreateTableAs.class::isInstance)
        .map(CreateTableAs.class::cast)
        .toList();
  }
}
