package io.tablewave.store;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tablewave.data.Column;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Loads into Trino column by column: each flush is one {@code INSERT INTO t SELECT * FROM
 * UNNEST(...)} with one array per column, a statement Trino plans once for thousands of rows.
 * Trino's JDBC driver binds no arrays, so each column's values travel as one JSON array of strings
 * inside a string literal, which Trino parses and casts to the column's type: one literal per
 * column keeps the statement cheap to parse, where an array of typed literals costs Trino a syntax
 * node per value. Each statement commits on its own; the table only counts once the load that
 * writes it is registered, and an unfinished load drops it.
 */
final class TrinoTableWriter extends AbstractTableWriter {
  /** Trino refuses statements longer than 1,000,000 characters by default. */
  static final int MAX_STATEMENT_CHARS = 900_000;

  private final List<Column> columns;
  private final StringBuilder[] arrays;
  private final String insertPrefix;
  private int pending;
  private int pendingChars;

  TrinoTableWriter(
      TrinoStore store, String physicalTable, List<Column> declaredColumns, Connection connection) {
    super(
        store,
        physicalTable,
        declaredColumns,
        connection,
        WriterOwnership.OWN_TRANSACTION_AND_TABLE);
    this.columns = declaredColumns;
    this.arrays = new StringBuilder[declaredColumns.size()];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = new StringBuilder();
    }
    String names =
        declaredColumns.stream()
            .map(column -> store.quote(column.name()))
            .collect(Collectors.joining(", "));
    this.insertPrefix =
        "INSERT INTO " + store.qualified(physicalTable) + " (" + names + ") SELECT * FROM UNNEST(";
  }

  @Override
  protected void write(Object[] values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      StringBuilder array = arrays[i];
      int before = array.length();
      if (pending > 0) {
        array.append(',');
      }
      appendJson(array, text(values[i]));
      pendingChars += array.length() - before;
    }
    pending++;
    if (pendingChars >= MAX_STATEMENT_CHARS) {
      flush();
    }
  }

  @Override
  protected void flush() throws SQLException {
    if (pending == 0) {
      return;
    }
    StringBuilder sql =
        new StringBuilder(insertPrefix.length() + pendingChars + 128 * arrays.length);
    sql.append(insertPrefix);
    for (int i = 0; i < arrays.length; i++) {
      if (i > 0) {
        sql.append(", ");
      }
      String strings = "CAST(json_parse('[" + arrays[i] + "]') AS ARRAY(VARCHAR))";
      Column column = columns.get(i);
      sql.append(
          switch (column.type()) {
            case VARCHAR -> strings;
            case VARBINARY -> "transform(" + strings + ", v -> from_hex(v))";
            default ->
                "transform("
                    + strings
                    + ", v -> CAST(v AS "
                    + ((TrinoStore) store()).typeName(column)
                    + "))";
          });
      arrays[i].setLength(0);
    }
    sql.append(')');
    try (Statement statement = connection().createStatement()) {
      statement.executeUpdate(sql.toString());
    }
    pending = 0;
    pendingChars = 0;
  }

  /**
   * The text Trino casts back to the value, or null: values are those the converters produced for a
   * declared column.
   */
  static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      return value.toString();
    }
    if (value instanceof Double d) {
      return d.isNaN() ? "NaN" : d.isInfinite() ? (d > 0 ? "Infinity" : "-Infinity") : d.toString();
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof LocalDate || value instanceof LocalTime) {
      return value.toString();
    }
    if (value instanceof LocalDateTime timestamp) {
      return timestamp.toLocalDate() + " " + timestamp.toLocalTime();
    }
    if (value instanceof byte[] bytes) {
      return HexFormat.of().formatHex(bytes);
    }
    throw new IllegalArgumentException(
        "No Trino text for a value of " + value.getClass().getName());
  }

  /**
   * Appends {@code text} as a JSON string (or null) that is also safe inside an SQL string literal:
   * a single quote is written as the JSON escape {@code \u0027}.
   */
  static void appendJson(StringBuilder out, String text) {
    if (text == null) {
      out.append("null");
      return;
    }
    out.append('"');
    int from = out.length();
    JsonStringEncoder.getInstance().quoteAsString(text, out);
    // the array is written inside a SQL string literal, which a quote would end
    for (int i = from; i < out.length(); i++) {
      if (out.charAt(i) == '\'') {
        out.replace(i, i + 1, "\\u0027");
        i += 5;
      }
    }
    out.append('"');
  }

  @Override
  protected void release(boolean aborted) {}
}
