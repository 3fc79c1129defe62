package io.tablewave.avatica;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.jdbc.StatementInfo;

/**
 * The values of result set rows as Avatica's frames carry them, each read with the getter its
 * column's JDBC type calls for, as Avatica's {@code JdbcMeta} reads them from Calcite's result
 * sets. A TIMESTAMP of Calcite's own result sets is its epoch milliseconds, read as a number:
 * Avatica reads it as a {@code java.sql.Timestamp} in the JVM's zone and takes its milliseconds
 * back, which cost a fifth of the server's time in a {@code SELECT * FROM SYS.TABLES} of 10,000
 * tables.
 */
final class ResultFrames {
  private ResultFrames() {}

  /**
   * The most values a frame holds: a client asking for more rows than this allows in one frame gets
   * them in several (each frame is built, sent and decoded whole, on both sides).
   */
  static final int VALUES_PER_FRAME = 200_000;

  /**
   * How many rows the next frame holds when the client asks for {@code requested} (all when
   * negative, none when 0) of {@code columns} columns: as many as asked, up to {@link
   * #VALUES_PER_FRAME} values and at least one row.
   */
  static int rowsPerFrame(int requested, int columns) {
    int most = Math.max(1, VALUES_PER_FRAME / Math.max(1, columns));
    return requested < 0 ? most : Math.min(requested, most);
  }

  /** Whether a column of this JDBC type is read here as Avatica reads it from any result set. */
  static boolean readable(int jdbcType) {
    return switch (jdbcType) {
      case Types.BOOLEAN,
          Types.TINYINT,
          Types.SMALLINT,
          Types.INTEGER,
          Types.BIGINT,
          Types.REAL,
          Types.FLOAT,
          Types.DOUBLE,
          Types.DECIMAL,
          Types.NUMERIC,
          Types.CHAR,
          Types.VARCHAR ->
          true;
      default -> false;
    };
  }

  /**
   * The next frame of a result set of Calcite's own connection whose statement {@code info} holds,
   * as {@code JdbcMeta} builds it: at most {@code maxRows} rows (all when negative; none, and done,
   * when 0) and {@link #rowsPerFrame} of them, counted by {@code info}; the result set is closed
   * once read to its end. Empty when a column has a type neither {@link #readable} nor TIMESTAMP,
   * for Avatica to frame.
   */
  static Optional<Meta.Frame> fromCalcite(
      StatementInfo info, ResultSet resultSet, long offset, int maxRows) throws SQLException {
    var metaData = resultSet.getMetaData();
    int[] readAs = new int[metaData.getColumnCount()];
    for (int i = 0; i < readAs.length; i++) {
      int type = metaData.getColumnType(i + 1);
      if (type == Types.TIMESTAMP) {
        // Calcite holds it as a number: its epoch milliseconds, what the frame carries
        readAs[i] = Types.BIGINT;
      } else if (readable(type)) {
        readAs[i] = type;
      } else {
        return Optional.empty();
      }
    }
    int frameRows = rowsPerFrame(maxRows, readAs.length);
    List<Object> rows = new ArrayList<>();
    boolean done = frameRows == 0;
    while (!done && rows.size() < frameRows) {
      if (!info.next()) {
        done = true;
        resultSet.close();
        break;
      }
      Object[] row = new Object[readAs.length];
      for (int i = 0; i < readAs.length; i++) {
        row[i] = value(resultSet, i + 1, readAs[i]);
      }
      rows.add(row);
    }
    return Optional.of(new Meta.Frame(offset, done, rows));
  }

  /** The value of {@code column}, of a {@link #readable} JDBC type, as a frame carries it. */
  static Object value(ResultSet resultSet, int column, int type) throws SQLException {
    return switch (type) {
      case Types.BIGINT -> {
        long value = resultSet.getLong(column);
        yield value == 0 && resultSet.wasNull() ? null : value;
      }
      case Types.INTEGER -> {
        int value = resultSet.getInt(column);
        yield value == 0 && resultSet.wasNull() ? null : value;
      }
      case Types.SMALLINT -> {
        short value = resultSet.getShort(column);
        yield value == 0 && resultSet.wasNull() ? null : value;
      }
      case Types.TINYINT -> {
        byte value = resultSet.getByte(column);
        yield value == 0 && resultSet.wasNull() ? null : value;
      }
      // DuckDB gives NaN for a NULL floating-point value, where JDBC says 0.
      case Types.DOUBLE, Types.FLOAT -> {
        double value = resultSet.getDouble(column);
        yield (value == 0D || Double.isNaN(value)) && resultSet.wasNull() ? null : value;
      }
      case Types.REAL -> {
        float value = resultSet.getFloat(column);
        yield (value == 0F || Float.isNaN(value)) && resultSet.wasNull() ? null : value;
      }
      case Types.BOOLEAN -> {
        boolean value = resultSet.getBoolean(column);
        yield !value && resultSet.wasNull() ? null : value;
      }
      case Types.DECIMAL, Types.NUMERIC -> resultSet.getBigDecimal(column);
      case Types.CHAR, Types.VARCHAR -> resultSet.getString(column);
      default -> throw new SQLException("no frame read for JDBC type " + type);
    };
  }
}
