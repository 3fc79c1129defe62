package io.tablewave.system;

import static java.util.Objects.requireNonNull;

import io.tablewave.registry.RegistryTable;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.calcite.DataContext;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A {@code SYS} table showing one registry table: its columns and its rows' values come from the
 * table's one declaration ({@link io.tablewave.registry.RegistryTables}), the rows from the
 * registry's memory when the query runs.
 */
final class RegistryView<T extends Record> extends SystemTable implements WholeTable {
  private final RegistryTable<T> table;
  private final Supplier<List<T>> rows;
  private final Function<T, Object[]> extraValues;

  RegistryView(RegistryTable<T> table, Supplier<List<T>> rows) {
    this(table, rows, List.of(), row -> new Object[0]);
  }

  /**
   * A view with columns after the declared ones whose values come from elsewhere than the registry
   * row (e.g. how a table is refreshed).
   */
  RegistryView(
      RegistryTable<T> table,
      Supplier<List<T>> rows,
      List<SystemColumn> extraColumns,
      Function<T, Object[]> extraValues) {
    super(
        Stream.concat(
                table.columns().stream()
                    .map(c -> new SystemColumn(c.systemName(), sqlType(c.type()), c.nullable())),
                extraColumns.stream())
            .toList());
    this.table = table;
    this.rows = requireNonNull(rows, "rows is null");
    this.extraValues = requireNonNull(extraValues, "extraValues is null");
  }

  /** The table's name in {@code SYS}. */
  String name() {
    return table.systemName();
  }

  @Override
  List<Object[]> rows(DataContext context) {
    return rows();
  }

  @Override
  public List<Object[]> rows() {
    return rows.get().stream().map(this::values).toList();
  }

  private Object[] values(T row) {
    Object[] declared = table.values(row);
    Object[] extra = extraValues.apply(row);
    if (extra.length == 0) {
      return declared;
    }
    Object[] all = Arrays.copyOf(declared, declared.length + extra.length);
    System.arraycopy(extra, 0, all, declared.length, extra.length);
    return all;
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
