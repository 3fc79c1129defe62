package io.tablewave.avatica;

import java.sql.SQLException;
import org.apache.calcite.avatica.Meta;

/** The rows of a query that Tablewave frames itself, handed out a frame at a time. */
interface ResultCursor extends AutoCloseable {
  /** The connection whose statement holds this cursor. */
  String connectionId();

  /**
   * The next rows, at most {@code maxRows} (all when negative; none, and done, when 0) and {@link
   * ResultFrames#rowsPerFrame} of them; the last frame closes the cursor.
   */
  Meta.Frame frame(long offset, int maxRows) throws SQLException;

  /** Ends the cursor and frees what it holds; again is harmless. */
  @Override
  void close() throws SQLException;
}
