package io.tablewave.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small helpers for reading results in tests. */
public final class Sql {
  private Sql() {}

  /** All rows of a query, each as a list of column values. */
  public static List<List<Object>> rows(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(sql)) {
      ResultSetMetaData metaData = rs.getMetaData();
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        Object[] row = new Object[metaData.getColumnCount()];
        for (int i = 0; i < row.length; i++) {
          row[i] = rs.getObject(i + 1);
        }
        rows.add(Arrays.asList(row));
      }
      return rows;
    }
  }

  /** The single value of a one-row, one-column query. */
  public static Object scalar(Connection connection, String sql) throws SQLException {
    List<List<Object>> rows = rows(connection, sql);
    if (rows.size() != 1 || rows.get(0).size() != 1) {
      throw new AssertionError("expected one value from " + sql + ", got " + rows);
    }
    return rows.get(0).get(0);
  }

  public static long scalarLong(Connection connection, String sql) throws SQLException {
    return ((Number) scalar(connection, sql)).longValue();
  }

  public static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  public static int[] executeBatch(Connection connection, String... statements)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.addBatch(sql);
      }
      return statement.executeBatch();
    }
  }

  /** Creates table {@code name} with one column {@code d} holding the digits 0 to 9. */
  public static void createDigits(Connection connection, String name) throws SQLException {
    execute(
        connection,
        "CREATE TABLE "
            + name
            + " AS SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS t(d)");
  }

  /**
   * A query of one column {@code id} numbered 0 to 9,999 from a table made by {@link
   * #createDigits}, as a subquery {@code n} to select from.
   */
  public static String numbersFrom(String digits) {
    return "(SELECT a.d * 1000 + b.d * 100 + c.d * 10 + e.d AS id FROM "
        + String.join(", ", digits + " a", digits + " b", digits + " c", digits + " e")
        + ") AS n";
  }

  public static long lastBatchId(Connection connection) throws SQLException {
    return scalarLong(connection, "SELECT MAX(BATCH_ID) FROM SYS.BATCHES");
  }
}
