package io.tablewave.plan;

import java.util.Map;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.util.NameMap;

/**
 * A schema of the tables one query reads, known only by their row types, found by name with or
 * without regard to case as the validator asks: what a query is validated against at planning,
 * before any of the tables it reads exists in this form.
 */
final class InputSchema extends AbstractSchema {
  private final Lookup<Table> tables;

  /** @param rowTypes table name to row type */
  InputSchema(Map<String, RelDataType> rowTypes) {
    NameMap<Table> map = new NameMap<>();
    rowTypes.forEach((name, rowType) -> map.put(name, new RowTypeTable(rowType)));
    this.tables = Lookup.of(map);
  }

  @Override
  public Lookup<Table> tables() {
    return tables;
  }

  @Override
  public boolean isMutable() {
    return false;
  }

  /** A table that is only a row type. */
  private static final class RowTypeTable extends AbstractTable {
    private final RelDataType rowType;

    RowTypeTable(RelDataType rowType) {
      this.rowType = rowType;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return rowType;
    }
  }
}
