package io.tablewave.registry;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * How one kind of registry row is stored: its table, its columns in order, the leading ones forming its
 * key, and the values of a row in that order. It writes the SQL that inserts a row or updates it in place.
 *
 * @param keyColumns how many of the first columns identify a row
 * @param values a row's values in column order: strings, numbers, or null
 */
record RegistryTable<T>(String name, List<Column> columns, int keyColumns, Function<T, List<Object>> values) {
  /** A column and its JDBC type: {@link Types#VARCHAR}, {@link Types#BIGINT} or {@link Types#INTEGER}. */
  record Column(String name, int type) {
  }

  RegistryTable {
    requireNonNull(name, "name is null");
    columns = List.copyOf(columns);
    requireNonNull(values, "values is null");
    if (keyColumns < 1 || keyColumns > columns.size()) {
      throw new IllegalArgumentException("a key of " + keyColumns + " of " + columns.size() + " columns");
    }
  }

  static Column varchar(String name) {
    return new Column(name, Types.VARCHAR);
  }

  static Column bigint(String name) {
    return new Column(name, Types.BIGINT);
  }

  static Column integer(String name) {
    return new Column(name, Types.INTEGER);
  }

  /** An instant as the epoch milliseconds the registry stores, or null. */
  static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  /** An INSERT of {@code rows} rows in one statement. */
  String insertSql(String schema, int rows) {
    String row = "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
    return "INSERT INTO " + schema + "." + name + " (" + columnList() + ") VALUES "
        + String.join(", ", Collections.nCopies(rows, row));
  }

  String updateSql(String schema) {
    List<String> assignments = names(keyColumns, columns.size()).stream().map(c -> c + " = ?").toList();
    List<String> conditions = names(0, keyColumns).stream().map(c -> c + " = ?").toList();
    return "UPDATE " + schema + "." + name + " SET " + String.join(", ", assignments) + " WHERE "
        + String.join(" AND ", conditions);
  }

  String columnList() {
    return String.join(", ", names(0, columns.size()));
  }

  /** Binds every value of {@code rows} in column order, for {@link #insertSql} of as many rows. */
  void bindInsert(PreparedStatement statement, List<T> rows) throws SQLException {
    int parameter = 1;
    for (T row : rows) {
      List<Object> rowValues = values.apply(row);
      for (int i = 0; i < columns.size(); i++) {
        bind(statement, parameter++, columns.get(i), rowValues.get(i));
      }
    }
  }

  /** Binds the values that are not the key, then the key, for {@link #updateSql}. */
  void bindUpdate(PreparedStatement statement, T row) throws SQLException {
    List<Object> rowValues = values.apply(row);
    int parameter = 1;
    for (int i = keyColumns; i < columns.size(); i++) {
      bind(statement, parameter++, columns.get(i), rowValues.get(i));
    }
    for (int i = 0; i < keyColumns; i++) {
      bind(statement, parameter++, columns.get(i), rowValues.get(i));
    }
  }

  private List<String> names(int from, int to) {
    List<String> names = new ArrayList<>();
    for (int i = from; i < to; i++) {
      names.add(columns.get(i).name());
    }
    return names;
  }

  private static void bind(PreparedStatement statement, int parameter, Column column, Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(parameter, column.type());
      return;
    }
    switch (column.type()) {
      case Types.VARCHAR -> statement.setString(parameter, (String) value);
      case Types.BIGINT -> statement.setLong(parameter, ((Number) value).longValue());
      case Types.INTEGER -> statement.setInt(parameter, ((Number) value).intValue());
      default -> throw new IllegalStateException("column " + column.name() + " has an unsupported type");
    }
  }
}
