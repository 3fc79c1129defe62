package io.tablewave.avatica;

import java.sql.DatabaseMetaData;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.SqlType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The signature a client is told for a query Tablewave runs in the store without Calcite's
 * preparation: the one it is told when Calcite runs the same query, which Avatica's {@code
 * JdbcMeta} makes from the metadata of Calcite's result set (each column's label, JDBC type and
 * type name, precision and scale, nullability, class, and the schema, table and column it reads, as
 * Calcite's preparation derives them from the validated query), so that a client sees the same
 * columns whichever way a query ran. Only scalar types are described; {@link StorePlans} sends any
 * other to Calcite.
 */
final class QuerySignatures {
  private QuerySignatures() {}

  /**
   * @param rowType the validated row type of the query
   * @param fieldOrigins per column, {@code [..., schema, table, column]} or null
   */
  static Meta.Signature of(
      RelDataType rowType, List<? extends @Nullable List<String>> fieldOrigins) {
    List<ColumnMetaData> columns = new ArrayList<>();
    for (RelDataTypeField field : rowType.getFieldList()) {
      columns.add(column(field, fieldOrigins.get(field.getIndex())));
    }
    return new Meta.Signature(columns, null, List.of(), null, Meta.CursorFactory.LIST, null);
  }

  private static ColumnMetaData column(RelDataTypeField field, @Nullable List<String> origin) {
    RelDataType type = field.getType();
    SqlTypeName typeName = type.getSqlTypeName();
    SqlType sqlType = SqlType.valueOf(typeName.getJdbcOrdinal());
    return new ColumnMetaData(
        field.getIndex(),
        false,
        true,
        false,
        false,
        type.isNullable() ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
        !SqlTypeName.UNSIGNED_TYPES.contains(typeName),
        type.getPrecision(),
        field.getName(),
        origin(origin, 0),
        origin(origin, 2),
        specified(type.getPrecision(), RelDataType.PRECISION_NOT_SPECIFIED),
        specified(type.getScale(), RelDataType.SCALE_NOT_SPECIFIED),
        origin(origin, 1),
        null,
        ColumnMetaData.scalar(
            sqlType.id, typeName.getName(), ColumnMetaData.Rep.of(sqlType.internal)),
        true,
        false,
        false,
        sqlType.boxedClass().getName());
  }

  /** The name {@code fromEnd} places before the last of {@code origin}, if it has one. */
  private static @Nullable String origin(@Nullable List<String> origin, int fromEnd) {
    return origin == null || fromEnd >= origin.size()
        ? null
        : origin.get(origin.size() - 1 - fromEnd);
  }

  private static int specified(int value, int notSpecified) {
    return value == notSpecified ? 0 : value;
  }
}
