package io.tablewave.avatica;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.avatica.Meta;

/**
 * The rows of a system table a query reads whole, framed as they are: they already hold the values
 * a frame carries.
 */
final class RowsCursor implements ResultCursor {
  private final String connectionId;
  private final List<Object[]> rows;
  private int next;

  /**
   * @param maxRowCount the most rows to return; 0 or less for no limit
   */
  RowsCursor(String connectionId, List<Object[]> rows, long maxRowCount) {
    this.connectionId = requireNonNull(connectionId, "connectionId is null");
    this.rows =
        maxRowCount > 0 && maxRowCount < rows.size() ? rows.subList(0, (int) maxRowCount) : rows;
  }

  @Override
  public String connectionId() {
    return connectionId;
  }

  @Override
  public Meta.Frame frame(long offset, int maxRows) {
    int from = next;
    int to = Math.min(rows.size(), from + ResultFrames.rowsPerFrame(maxRows, columns()));
    next = to;
    boolean done = maxRows == 0 || to == rows.size();
    return new Meta.Frame(offset, done, List.copyOf(rows.subList(from, to)));
  }

  private int columns() {
    return rows.isEmpty() ? 1 : rows.get(0).length;
  }

  @Override
  public void close() {
    next = rows.size();
  }
}
