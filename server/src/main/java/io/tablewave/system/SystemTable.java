package io.tablewave.system;

import java.time.Instant;
import java.util.List;
import org.apache.calcite.DataContext;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.impl.AbstractTable;

/**
 * A table of the {@code SYS} or {@code INFORMATION_SCHEMA} schema: a fixed column list and a scan
 * over a snapshot of live state taken when the query runs.
 */
abstract class SystemTable extends AbstractTable implements ScannableTable {
  private final List<SystemColumn> columns;

  SystemTable(List<SystemColumn> columns) {
    this.columns = List.copyOf(columns);
  }

  /** The rows, each with one value per column in order. */
  abstract List<Object[]> rows(DataContext context);

  @Override
  public final RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder builder = typeFactory.builder();
    for (SystemColumn column : columns) {
      RelDataType type = typeFactory.createSqlType(column.type());
      builder.add(column.name(), typeFactory.createTypeWithNullability(type, column.nullable()));
    }
    return builder.build();
  }

  @Override
  public final Enumerable<Object[]> scan(DataContext context) {
    return Linq4j.asEnumerable(rows(context));
  }

  @Override
  public Schema.TableType getJdbcTableType() {
    return Schema.TableType.SYSTEM_TABLE;
  }

  static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }
}
