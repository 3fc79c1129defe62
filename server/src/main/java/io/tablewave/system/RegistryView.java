package io.tablewave.system;

import java.util.List;
import java.util.function.Supplier;

import org.apache.calcite.DataContext;
import org.apache.calcite.sql.type.SqlTypeName;

import io.tablewave.registry.RegistryTable;

import static java.util.Objects.requireNonNull;

/**
 * A {@code SYS} table showing one registry table: its columns and its rows' values come from the
 * table's one declaration ({@link io.tablewave.registry.RegistryTables}), the rows from the registry's
 * memory when the query runs.
 */
final class RegistryView<T extends Record> extends SystemTable {
  private final RegistryTable<T> table;
  private final Supplier<List<T>> rows;

  RegistryView(RegistryTable<T> table, Supplier<List<T>> rows) {
    super(table.columns().stream()
        .map(c -> new SystemColumn(c.systemName(), sqlType(c.type()), c.nullable()))
        .toList());
    this.table = table;
    this.rows = requireNonNull(rows, "rows is null");
  }

  /** The table's name in {@code SYS}. */
  String name() {
    return table.systemName();
  }

  @Override
  List<Object[]> rows(DataContext context) {
    return rows.get().stream().map(table::values).toList();
  }

  private static SqlTypeName sqlType(RegistryTable.ColumnType type) {
    return switch (type) {
      case VARCHAR -> SqlTypeName.VARCHAR;
      case INTEGER -> SqlTypeName.INTEGER;
      case BIGINT -> SqlTypeName.BIGINT;
      case TIMESTAMP -> SqlTypeName.TIMESTAMP;
    };
  }
}
