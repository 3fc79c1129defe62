package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

/** {@code DROP TABLE [IF EXISTS] name [RESTRICT | CASCADE]}; RESTRICT is the default. */
public record DropTable(TableName table, boolean ifExists, boolean cascade, String sqlText)
    implements ParsedStatement {
  public DropTable {
    requireNonNull(table, "table is null");
    requireNonNull(sqlText, "sqlText is null");
  }
}
