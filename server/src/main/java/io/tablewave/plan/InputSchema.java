package io.tablewave.plan;

import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;
import org.apache.calcite.util.NameMap;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A schema of the tables one query reads, known only by their row types, found by name with or
 * without regard to case as the validator asks: what a query is validated against at planning,
 * before any of the tables it reads exists in this form. It holds the inputs of one query at a time
 * ({@link #use}), so that one schema serves every query of a batch; not thread-safe.
 */
final class InputSchema extends AbstractSchema {
  private Lookup<Table> current = Lookup.empty();

  /** What Calcite holds on to: it keeps the first lookup a schema gives. */
  private final Lookup<Table> tables =
      new Lookup<>() {
        @Override
        public @Nullable Table get(String name) {
          return current.get(name);
        }

        @Override
        public @Nullable Named<Table> getIgnoreCase(String name) {
          return current.getIgnoreCase(name);
        }

        @Override
        public Set<String> getNames(LikePattern pattern) {
          return current.getNames(pattern);
        }
      };

  /**
   * Makes these the tables of the schema, replacing the ones before.
   *
   * @param rowTypes table name to row type
   */
  void use(Map<String, RelDataType> rowTypes) {
    NameMap<Table> map = new NameMap<>();
    rowTypes.forEach((name, rowType) -> map.put(name, new RowTypeTable(rowType)));
    this.current = Lookup.of(map);
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
