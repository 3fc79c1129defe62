package io.tablewave.store;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The life of a writer: converts each row to the columns' Java types, counts rows, and sends them
 * at {@link #finish()}. A writer that owns its transaction commits there, and on {@link #close()}
 * without a finish rolls back, and drops the table if it owns it too; one that writes in its
 * caller's transaction leaves the commit, the table and the connection to the caller ({@link
 * WriterOwnership}). Subclasses own the bulk path on the connection.
 */
abstract class AbstractTableWriter implements TableWriter {
  private final AbstractJdbcStore store;
  private final String physicalTable;
  private final List<Column> columns;
  private final ValueConverter[] converters;
  private final Object[] converted;
  private final Connection connection;
  private final WriterOwnership ownership;
  private long rowsWritten;
  private boolean finished;
  private boolean closed;

  /** Set when the bulk path failed mid-row: it cannot take further rows. */
  private boolean failed;

  /**
   * @param ownership whether the writer owns {@code connection} and its transaction (committed at
   *     finish, the connection closed with the writer) and the table, or writes in the caller's
   *     transaction on it
   */
  protected AbstractTableWriter(
      AbstractJdbcStore store,
      String physicalTable,
      List<Column> declaredColumns,
      Connection connection,
      WriterOwnership ownership) {
    this.store = requireNonNull(store, "store is null");
    this.physicalTable = requireNonNull(physicalTable, "physicalTable is null");
    this.columns = List.copyOf(requireNonNull(declaredColumns, "declaredColumns is null"));
    this.connection = requireNonNull(connection, "connection is null");
    this.ownership = requireNonNull(ownership, "ownership is null");
    this.converters =
        columns.stream()
            .map(column -> new ValueConverter(physicalTable, column))
            .toArray(ValueConverter[]::new);
    this.converted = new Object[columns.size()];
  }

  /** Hands one converted row to the bulk path; {@code values} is reused for the next row. */
  protected abstract void write(Object[] values) throws SQLException;

  /** Pushes the remaining rows to the store, in the connection's transaction. */
  protected abstract void flush() throws SQLException;

  /** Releases the bulk path's resources; the connection is closed afterwards by this class. */
  protected abstract void release(boolean aborted) throws SQLException;

  protected final List<Column> columns() {
    return columns;
  }

  protected final Connection connection() {
    return connection;
  }

  protected final AbstractJdbcStore store() {
    return store;
  }

  protected final String physicalTable() {
    return physicalTable;
  }

  @Override
  public final void accept(Object[] row) {
    requireNonNull(row, "row is null");
    checkOpen();
    if (row.length != converters.length) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR,
          "A row for table '"
              + physicalTable
              + "' has "
              + row.length
              + " values but the table has "
              + converters.length
              + " columns");
    }
    for (int i = 0; i < converters.length; i++) {
      converted[i] = converters[i].convert(row[i]);
    }
    try {
      write(converted);
    } catch (SQLException | RuntimeException e) {
      failed = true;
      if (e instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw store.failure(
          (SQLException) e,
          ErrorCode.LOAD_FAILED,
          "writing row " + (rowsWritten + 1) + " of table '" + physicalTable + "'");
    }
    rowsWritten++;
  }

  @Override
  public final long rowsWritten() {
    return rowsWritten;
  }

  @Override
  public final void finish() {
    checkOpen();
    try {
      flush();
      if (ownership.ownsTransaction() && !connection.getAutoCommit()) {
        connection.commit();
      }
    } catch (SQLException e) {
      failed = true;
      throw store.failure(
          e, ErrorCode.LOAD_FAILED, "committing the rows of table '" + physicalTable + "'");
    }
    finished = true;
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!ownership.ownsTransaction()) {
      try {
        release(!finished);
      } catch (SQLException e) {
        throw store.failure(
            e, ErrorCode.STORE_UNAVAILABLE, "closing the writer of table '" + physicalTable + "'");
      }
      return;
    }
    TablewaveException failure = null;
    try {
      release(!finished);
      if (!finished && !connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (SQLException e) {
      failure =
          store.failure(
              e,
              ErrorCode.STORE_UNAVAILABLE,
              "closing the writer of table '" + physicalTable + "'");
    } finally {
      try {
        connection.close();
      } catch (SQLException e) {
        if (failure == null) {
          failure =
              store.failure(e, ErrorCode.STORE_UNAVAILABLE, "returning a connection to the pool");
        }
      }
    }
    if (!finished && ownership.ownsTable()) {
      try {
        store.dropTableIfExists(physicalTable);
      } catch (TablewaveException e) {
        if (failure != null) {
          e.addSuppressed(failure);
        }
        throw e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private void checkOpen() {
    if (failed) {
      throw new TablewaveException(
          ErrorCode.LOAD_FAILED,
          "The writer of table '"
              + physicalTable
              + "' failed earlier and takes no more rows; close it");
    }
    if (closed || finished) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR,
          "The writer of table '"
              + physicalTable
              + "' is already "
              + (closed ? "closed" : "finished"));
    }
  }
}
