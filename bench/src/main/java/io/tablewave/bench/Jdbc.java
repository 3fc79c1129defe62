package io.tablewave.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The few JDBC calls the harnesses make, the same against Tablewave and against a store. */
final class Jdbc {
  private Jdbc() {}

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  static long scalar(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      if (!rows.next()) {
        throw new SQLException("no row from: " + sql);
      }
      return rows.getLong(1);
    }
  }

  /**
   * Reads every column of every row, as a client that uses the result would; returns the row count.
   */
  static long drain(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      int columns = rows.getMetaData().getColumnCount();
      long count = 0;
      while (rows.next()) {
        for (int i = 1; i <= columns; i++) {
          rows.getObject(i);
        }
        count++;
      }
      return count;
    }
  }

  /**
   * A 1..n-row table generator in SQL that Calcite, DuckDB, H2 and PostgreSQL all accept: the cross
   * product of a 100-row table of digits, three times, numbered 0..999,999 and cut at {@code rows}.
   */
  static String numbered(String digitsTable, long rows) {
    return "SELECT a.d * 10000 + b.d * 100 + c.d AS id FROM "
        + digitsTable
        + " a, "
        + digitsTable
        + " b, "
        + digitsTable
        + " c WHERE a.d * 10000 + b.d * 100 + c.d < "
        + rows;
  }

  /** {@code VALUES (0), (1), ..., (99)}. */
  static String digitValues() {
    StringBuilder values = new StringBuilder("VALUES ");
    for (int d = 0; d < 100; d++) {
      values.append(d == 0 ? "" : ", ").append('(').append(d).append(')');
    }
    return values.toString();
  }
}
