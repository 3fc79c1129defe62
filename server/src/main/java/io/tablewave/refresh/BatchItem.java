package io.tablewave.refresh;

import static java.util.Objects.requireNonNull;

import io.tablewave.sql.CreateTableAs;

/**
 * One table of a batch once its REFRESH statements are expanded.
 *
 * @param statement the CTAS that builds the table (for a refresh, its registered statement as OR
 *     REPLACE)
 * @param statementIndex 0-based position of the submitted statement (CTAS or REFRESH) it comes
 *     from, or {@link #NO_STATEMENT} for a table downstream of one a CTAS replaces
 * @param mode what the submitted statement asked for
 */
public record BatchItem(CreateTableAs statement, int statementIndex, RefreshMode mode) {
  /**
   * The statement index of a table no statement of the batch names: it comes along with its
   * upstream.
   */
  public static final int NO_STATEMENT = -1;

  public BatchItem {
    requireNonNull(statement, "statement is null");
    requireNonNull(mode, "mode is null");
  }
}
