package org.apache.calcite.adapter.jdbc;

import com.google.common.base.Suppliers;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rel.type.RelProtoDataType;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Creates a {@link JdbcTable} for a table whose name is already known. Calcite only creates them
 * after a {@code DatabaseMetaData.getTables} lookup, which DuckDB answers in tens of milliseconds
 * once it holds hundreds of tables, and the planner asks for the same table many times per query;
 * Tablewave knows the physical name from its registry. This class lives in Calcite's package
 * because JdbcTable's constructor is package-private.
 *
 * <p>The columns are looked up with the table name escaped: {@code getColumns} takes a pattern, in
 * which the {@code _} of {@code ORDERS_A__tw1} would also match {@code ORDERSXA__tw1} and mix the
 * two tables' columns. Strings the store reports without a length become plain VARCHAR.
 *
 * <p>A physical table Tablewave built never changes its columns, since every load creates a table
 * of a new name, so the columns of a registered table are read once and then taken from a cache.
 */
public final class StoreTables {
  private StoreTables() {}

  /** Where the columns of tables whose columns never change are kept once read. */
  public interface ColumnCache {
    /** A cache that keeps nothing, for tables that may be built again with other columns. */
    ColumnCache NONE = (physicalTable, lookUp) -> lookUp.get();

    RelProtoDataType columns(String physicalTable, Supplier<RelProtoDataType> lookUp);
  }

  /**
   * The names a table's columns have in Tablewave, from the names the store reports: the same,
   * except in a store that folds names to one case.
   */
  public interface ColumnNames {
    ColumnNames AS_STORED = (physicalTable, stored) -> stored;

    List<String> shown(String physicalTable, List<String> stored);

    /** The name under which the store's metadata lists a physical table. */
    default String listedName(String physicalTable) {
      return physicalTable;
    }
  }

  public static JdbcTable create(
      JdbcSchema schema, String storeSchema, String physicalTable, ColumnCache cache) {
    return create(schema, storeSchema, physicalTable, cache, ColumnNames.AS_STORED);
  }

  public static JdbcTable create(
      JdbcSchema schema,
      String storeSchema,
      String physicalTable,
      ColumnCache cache,
      ColumnNames names) {
    return new StoreTable(schema, storeSchema, physicalTable, cache, names);
  }

  private static final class StoreTable extends JdbcTable {
    private final Supplier<RelProtoDataType> columns;
    private final ColumnNames names;

    StoreTable(
        JdbcSchema schema,
        String storeSchema,
        String physicalTable,
        ColumnCache cache,
        ColumnNames names) {
      super(schema, null, storeSchema, physicalTable, Schema.TableType.TABLE);
      this.names = names;
      this.columns = Suppliers.memoize(() -> cache.columns(physicalTable, this::lookUpColumns));
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return columns.get().apply(typeFactory);
    }

    private RelProtoDataType lookUpColumns() {
      try (Connection connection = jdbcSchema.getDataSource().getConnection()) {
        DatabaseMetaData metaData = connection.getMetaData();
        String escape = metaData.getSearchStringEscape();
        RelProtoDataType stored =
            jdbcSchema.getRelDataType(
                metaData,
                null,
                escapePattern(jdbcSchemaName, escape),
                escapePattern(names.listedName(jdbcTableName), escape));
        return typeFactory -> {
          RelDataType row = withSizedStrings(stored.apply(typeFactory), typeFactory);
          List<String> shown = names.shown(jdbcTableName, row.getFieldNames());
          return shown.equals(row.getFieldNames())
              ? row
              : typeFactory.createStructType(
                  row.getFieldList().stream().map(RelDataTypeField::getType).toList(), shown);
        };
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot read the columns of store table " + jdbcTableName + ": " + e.getMessage(), e);
      }
    }

    private static String escapePattern(String name, String escape) {
      if (escape == null || escape.isEmpty()) {
        return name;
      }
      return name.replace(escape, escape + escape)
          .replace("_", escape + "_")
          .replace("%", escape + "%");
    }

    private static RelDataType withSizedStrings(RelDataType row, RelDataTypeFactory typeFactory) {
      RelDataTypeFactory.Builder builder = typeFactory.builder();
      for (RelDataTypeField field : row.getFieldList()) {
        RelDataType type = field.getType();
        if ((type.getSqlTypeName() == SqlTypeName.VARCHAR
                || type.getSqlTypeName() == SqlTypeName.CHAR)
            && type.getPrecision() <= 0) {
          type =
              typeFactory.createTypeWithNullability(
                  typeFactory.createSqlType(SqlTypeName.VARCHAR), type.isNullable());
        }
        builder.add(field.getName(), type);
      }
      return builder.build();
    }
  }
}
