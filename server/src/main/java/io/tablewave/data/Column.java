package io.tablewave.data;

import static java.util.Objects.requireNonNull;

/**
 * A column of a table being materialized.
 *
 * @param precision for DECIMAL the precision, else 0
 * @param scale for DECIMAL the scale, else 0
 */
public record Column(String name, ColumnType type, int precision, int scale, boolean nullable) {
  public Column {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
  }

  public static Column of(String name, ColumnType type) {
    return new Column(name, type, 0, 0, true);
  }
}
