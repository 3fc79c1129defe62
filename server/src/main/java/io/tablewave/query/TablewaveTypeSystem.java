package io.tablewave.query;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;

/**
 * Calcite's type system, except that strings of different lengths meeting in VALUES, UNION or CASE
 * become VARCHAR rather than blank-padded CHAR: {@code VALUES ('Ada'), ('Grace')} holds {@code
 * 'Ada'}, as in PostgreSQL, DuckDB and Trino.
 */
public final class TablewaveTypeSystem extends RelDataTypeSystemImpl {
  public static final TablewaveTypeSystem INSTANCE = new TablewaveTypeSystem();

  private TablewaveTypeSystem() {}

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
