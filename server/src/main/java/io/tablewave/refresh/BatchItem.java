package io.tablewave.refresh;

import io.tablewave.sql.CreateTableAs;

import static java.util.Objects.requireNonNull;

/**
 * One table of a batch once its REFRESH statements are expanded.
 *
 * @param statement the CTAS that builds the table (for a refresh, its registered statement as OR REPLACE)
 * @param statementIndex 0-based position of the submitted statement (CTAS or REFRESH) it comes from
 * @param mode what the submitted statement asked for
 */
public record BatchItem(CreateTableAs statement, int statementIndex, RefreshMode mode) {
  public BatchItem {
    requireNonNull(statement, "statement is null");
    requireNonNull(mode, "mode is null");
  }
}
