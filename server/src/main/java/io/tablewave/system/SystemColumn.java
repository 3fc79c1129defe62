package io.tablewave.system;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A column of a system table. Values: TIMESTAMP as epoch millis (Long), the rest as their Java
 * types.
 */
record SystemColumn(String name, SqlTypeName type, boolean nullable) {
  SystemColumn {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }

  static SystemColumn notNull(String name, SqlTypeName type) {
    return new SystemColumn(name, type, false);
  }

  static SystemColumn nullable(String name, SqlTypeName type) {
    return new SystemColumn(name, type, true);
  }
}
