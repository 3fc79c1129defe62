package io.tablewave.store;

import io.tablewave.data.Column;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/** Loads through PreparedStatement batches inside one transaction. */
final class BatchTableWriter extends AbstractTableWriter {
  static final int ROWS_PER_BATCH = 5_000;

  private final int[] jdbcTypes;
  private final PreparedStatement insert;
  private int pending;

  BatchTableWriter(
      AbstractJdbcStore store,
      String physicalTable,
      List<Column> declaredColumns,
      Connection connection,
      WriterOwnership ownership)
      throws SQLException {
    super(store, physicalTable, declaredColumns, connection, ownership);
    this.jdbcTypes =
        declaredColumns.stream().mapToInt(column -> column.type().jdbcType()).toArray();
    connection.setAutoCommit(false);
    String names =
        declaredColumns.stream()
            .map(column -> store.quote(column.name()))
            .collect(Collectors.joining(", "));
    String marks = declaredColumns.stream().map(column -> "?").collect(Collectors.joining(", "));
    this.insert =
        connection.prepareStatement(
            "INSERT INTO "
                + store.qualified(physicalTable)
                + " ("
                + names
                + ") VALUES ("
                + marks
                + ")");
  }

  @Override
  protected void write(Object[] values) throws SQLException {
    for (int i = 0; i < jdbcTypes.length; i++) {
      if (values[i] == null) {
        insert.setNull(i + 1, jdbcTypes[i]);
      } else {
        insert.setObject(i + 1, values[i]);
      }
    }
    insert.addBatch();
    if (++pending == ROWS_PER_BATCH) {
      insert.executeBatch();
      pending = 0;
    }
  }

  @Override
  protected void flush() throws SQLException {
    if (pending > 0) {
      insert.executeBatch();
      pending = 0;
    }
  }

  @Override
  protected void release(boolean aborted) throws SQLException {
    insert.close();
  }
}
