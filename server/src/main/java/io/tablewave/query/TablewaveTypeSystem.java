package io.tablewave.query;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type system, except that strings of different lengths meeting in VALUES, UNION or CASE
 * become VARCHAR rather than blank-padded CHAR: {@code VALUES ('Ada'), ('Grace')} holds {@code
 * 'Ada'}, as in PostgreSQL, DuckDB and Trino; and {@code SUM} of a TINYINT, SMALLINT or INTEGER
 * column is a BIGINT, as in PostgreSQL and Trino, so a sum of many integers does not overflow.
 */
public final class TablewaveTypeSystem extends RelDataTypeSystemImpl {
  public static final TablewaveTypeSystem INSTANCE = new TablewaveTypeSystem();

  private TablewaveTypeSystem() {}

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }

  @Override
  public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    SqlTypeName name = argumentType.getSqlTypeName();
    if (name == SqlTypeName.TINYINT
        || name == SqlTypeName.SMALLINT
        || name == SqlTypeName.INTEGER) {
      return typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.BIGINT), argumentType.isNullable());
    }
    return super.deriveSumType(typeFactory, argumentType);
  }
}
