package org.apache.calcite.adapter.jdbc;

import org.apache.calcite.schema.Schema;

/**
 * Creates a {@link JdbcTable} for a table whose name is already known. Calcite only creates
 * them after a {@code DatabaseMetaData.getTables} lookup, which DuckDB answers in tens of
 * milliseconds once it holds hundreds of tables, and the planner asks for the same table many
 * times per query; Tablewave knows the physical name from its registry. This class lives in
 * Calcite's package because JdbcTable's constructor is package-private.
 */
public final class StoreTables {
  private StoreTables() {
  }

  public static JdbcTable create(JdbcSchema schema, String storeSchema, String physicalTable) {
    return new JdbcTable(schema, null, storeSchema, physicalTable, Schema.TableType.TABLE);
  }
}
