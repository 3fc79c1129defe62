package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * {@code REFRESH TABLE name [, name ...] [FULL]} or {@code REFRESH ALL [FULL]}: reload the tables
 * named (or all) and every table downstream of them, as part of a batch.
 *
 * @param tables the tables named, in the order written; empty when {@code all}
 * @param full whether FULL was given: rebuild from scratch instead of incrementally
 */
public record RefreshTables(List<TableName> tables, boolean all, boolean full, String sqlText)
    implements BatchStatement {
  public RefreshTables {
    tables = List.copyOf(tables);
    requireNonNull(sqlText, "sqlText is null");
    if (all != tables.isEmpty()) {
      throw new IllegalArgumentException("REFRESH names tables or says ALL: " + sqlText);
    }
  }
}
