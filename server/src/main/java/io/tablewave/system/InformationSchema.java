package io.tablewave.system;

import static io.tablewave.system.SystemColumn.notNull;
import static io.tablewave.system.SystemColumn.nullable;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.calcite.DataContext;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * {@code INFORMATION_SCHEMA}: {@code SCHEMATA}, {@code TABLES} and {@code COLUMNS} with the
 * SQL-standard column names, computed from the schemas of the connection that asks.
 */
public final class InformationSchema extends AbstractSchema {
  public static final String NAME = "INFORMATION_SCHEMA";

  /** Calcite's own metadata schema, not part of Tablewave's catalog. */
  private static final String CALCITE_METADATA = "metadata";

  private final Map<String, Table> tables =
      Map.of(
          "SCHEMATA", new SchemataTable(),
          "TABLES", new TablesOfSchemas(),
          "COLUMNS", new ColumnsTable());

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }

  /** A table of some schema, seen from the root. */
  private record Entry(String schema, String name, Table table) {}

  private static List<String> schemaNames(SchemaPlus root) {
    List<String> names = new ArrayList<>();
    for (String name : new TreeSet<>(root.subSchemas().getNames(LikePattern.any()))) {
      if (!name.equals(CALCITE_METADATA)) {
        names.add(name);
      }
    }
    return names;
  }

  private static List<Entry> entries(SchemaPlus root) {
    List<Entry> entries = new ArrayList<>();
    for (String schemaName : schemaNames(root)) {
      SchemaPlus schema = root.subSchemas().get(schemaName);
      if (schema == null) {
        continue;
      }
      for (String tableName : new TreeSet<>(schema.tables().getNames(LikePattern.any()))) {
        Table table = schema.tables().get(tableName);
        if (table != null) {
          entries.add(new Entry(schemaName, tableName, table));
        }
      }
    }
    return entries;
  }

  /** The SQL-standard table type: BASE TABLE, SYSTEM TABLE, VIEW, or the JDBC type's name. */
  public static String tableType(Schema.TableType type) {
    return switch (type) {
      case TABLE -> "BASE TABLE";
      case SYSTEM_TABLE -> "SYSTEM TABLE";
      case VIEW -> "VIEW";
      default -> type.jdbcName;
    };
  }

  private static final class SchemataTable extends SystemTable {
    SchemataTable() {
      super(
          List.of(
              nullable("CATALOG_NAME", VARCHAR),
              notNull("SCHEMA_NAME", VARCHAR),
              nullable("SCHEMA_OWNER", VARCHAR)));
    }

    @Override
    List<Object[]> rows(DataContext context) {
      return schemaNames(context.getRootSchema()).stream()
          .map(s -> new Object[] {null, s, null})
          .toList();
    }
  }

  private static final class TablesOfSchemas extends SystemTable {
    TablesOfSchemas() {
      super(
          List.of(
              nullable("TABLE_CATALOG", VARCHAR),
              notNull("TABLE_SCHEMA", VARCHAR),
              notNull("TABLE_NAME", VARCHAR),
              notNull("TABLE_TYPE", VARCHAR)));
    }

    @Override
    List<Object[]> rows(DataContext context) {
      return entries(context.getRootSchema()).stream()
          .map(
              e ->
                  new Object[] {
                    null, e.schema(), e.name(), tableType(e.table().getJdbcTableType())
                  })
          .toList();
    }
  }

  private static final class ColumnsTable extends SystemTable {
    ColumnsTable() {
      super(
          List.of(
              nullable("TABLE_CATALOG", VARCHAR),
              notNull("TABLE_SCHEMA", VARCHAR),
              notNull("TABLE_NAME", VARCHAR),
              notNull("COLUMN_NAME", VARCHAR),
              notNull("ORDINAL_POSITION", INTEGER),
              nullable("COLUMN_DEFAULT", VARCHAR),
              notNull("IS_NULLABLE", VARCHAR),
              notNull("DATA_TYPE", VARCHAR),
              nullable("CHARACTER_MAXIMUM_LENGTH", INTEGER),
              nullable("NUMERIC_PRECISION", INTEGER),
              nullable("NUMERIC_SCALE", INTEGER)));
    }

    @Override
    List<Object[]> rows(DataContext context) {
      List<Object[]> rows = new ArrayList<>();
      for (Entry entry : entries(context.getRootSchema())) {
        RelDataType rowType = entry.table().getRowType(context.getTypeFactory());
        for (RelDataTypeField field : rowType.getFieldList()) {
          RelDataType type = field.getType();
          SqlTypeName typeName = type.getSqlTypeName();
          boolean character = SqlTypeName.CHAR_TYPES.contains(typeName);
          boolean numeric = SqlTypeName.NUMERIC_TYPES.contains(typeName);
          Integer length = character && type.getPrecision() > 0 ? type.getPrecision() : null;
          rows.add(
              new Object[] {
                null,
                entry.schema(),
                entry.name(),
                field.getName(),
                field.getIndex() + 1,
                null,
                type.isNullable() ? "YES" : "NO",
                typeName.getName(),
                length,
                numeric ? type.getPrecision() : null,
                numeric && typeName == SqlTypeName.DECIMAL ? type.getScale() : null
              });
        }
      }
      return rows;
    }
  }
}
