package io.tablewave.query;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite row types and the columns of the tables that hold them, both ways. A table Tablewave
 * builds has exactly the columns its query's row type maps to, and a query reading it sees them as
 * the row type they map back to.
 */
public final class RowTypes {
  private RowTypes() {}

  /** The columns of a table that holds rows of this type. */
  public static List<Column> columns(RelDataType rowType) {
    List<Column> columns = new ArrayList<>();
    for (RelDataTypeField field : rowType.getFieldList()) {
      RelDataType type = field.getType();
      ColumnType columnType = ColumnType.fromJdbc(type.getSqlTypeName().getJdbcOrdinal());
      int precision = columnType == ColumnType.DECIMAL ? type.getPrecision() : 0;
      int scale = columnType == ColumnType.DECIMAL ? type.getScale() : 0;
      columns.add(new Column(field.getName(), columnType, precision, scale, type.isNullable()));
    }
    return columns;
  }

  /** The row type a query sees when it reads a table with these columns. */
  public static RelDataType rowType(List<Column> columns, RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (Column column : columns) {
      builder.add(
          column.name(),
          typeFactory.createTypeWithNullability(type(column, typeFactory), column.nullable()));
    }
    return builder.build();
  }

  private static RelDataType type(Column column, RelDataTypeFactory typeFactory) {
    return switch (column.type()) {
      case BOOLEAN -> typeFactory.createSqlType(SqlTypeName.BOOLEAN);
      case INTEGER -> typeFactory.createSqlType(SqlTypeName.INTEGER);
      case BIGINT -> typeFactory.createSqlType(SqlTypeName.BIGINT);
      case DOUBLE -> typeFactory.createSqlType(SqlTypeName.DOUBLE);
      case DECIMAL ->
          column.precision() > 0
              ? typeFactory.createSqlType(SqlTypeName.DECIMAL, column.precision(), column.scale())
              : typeFactory.createSqlType(SqlTypeName.DECIMAL);
      case VARCHAR -> typeFactory.createSqlType(SqlTypeName.VARCHAR);
      case DATE -> typeFactory.createSqlType(SqlTypeName.DATE);
      case TIME -> typeFactory.createSqlType(SqlTypeName.TIME);
      case TIMESTAMP -> typeFactory.createSqlType(SqlTypeName.TIMESTAMP);
      case VARBINARY -> typeFactory.createSqlType(SqlTypeName.VARBINARY);
    };
  }
}
