package io.tablewave.store;

import org.apache.calcite.sql.dialect.DuckDBSqlDialect;

/**
 * Calcite's DuckDB dialect without character sets: DuckDB rejects {@code CAST(x AS VARCHAR(10)
 * CHARACTER SET "ISO-8859-1")}, which Calcite writes for every cast to a string type unless the
 * dialect says otherwise.
 */
final class DuckDbDialect extends DuckDBSqlDialect {
  static final DuckDbDialect INSTANCE = new DuckDbDialect();

  private DuckDbDialect() {
    super(DuckDBSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public boolean supportsCharSet() {
    return false;
  }
}
