package io.tablewave.avatica;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;

/**
 * The rows of a query that runs in the store as one statement, read straight from the store's
 * result set into Avatica frames: each value with the getter its column's type (as Calcite typed
 * it, {@link StorePlans}) calls for, as Avatica reads Calcite's result sets. Holds its store
 * connection until its last row was read or it is closed.
 */
final class StoreCursor implements ResultCursor {
  private final String connectionId;
  private final Connection connection;
  private final Statement statement;
  private final ResultSet resultSet;
  private final int[] types;
  private long remaining;
  private boolean closed;

  /**
   * @param maxRowCount the most rows to return; 0 or less for no limit
   */
  StoreCursor(
      String connectionId,
      Connection connection,
      Statement statement,
      ResultSet resultSet,
      List<ColumnMetaData> columns,
      long maxRowCount) {
    this.connectionId = requireNonNull(connectionId, "connectionId is null");
    this.connection = requireNonNull(connection, "connection is null");
    this.statement = requireNonNull(statement, "statement is null");
    this.resultSet = requireNonNull(resultSet, "resultSet is null");
    this.types = columns.stream().mapToInt(c -> c.type.id).toArray();
    this.remaining = maxRowCount > 0 ? maxRowCount : Long.MAX_VALUE;
  }

  @Override
  public String connectionId() {
    return connectionId;
  }

  /**
   * The next rows, at most {@code maxRows} (all when negative; none, and done, when 0) and {@link
   * ResultFrames#rowsPerFrame} of them, as {@code JdbcMeta} frames them; the last frame closes the
   * cursor.
   */
  @Override
  public Meta.Frame frame(long offset, int maxRows) throws SQLException {
    int frameRows = ResultFrames.rowsPerFrame(maxRows, types.length);
    List<Object> rows = new ArrayList<>();
    boolean done = frameRows == 0;
    while (!done && rows.size() < frameRows) {
      if (remaining == 0 || !resultSet.next()) {
        done = true;
        break;
      }
      remaining--;
      Object[] row = new Object[types.length];
      for (int i = 0; i < types.length; i++) {
        row[i] = ResultFrames.value(resultSet, i + 1, types[i]);
      }
      rows.add(row);
    }
    if (done) {
      close();
    }
    return new Meta.Frame(offset, done, rows);
  }

  /** Ends the store statement and gives its connection back; again is harmless. */
  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    try (Connection c = connection;
        Statement s = statement;
        ResultSet r = resultSet) {
      // closed in reverse order
    }
  }
}
