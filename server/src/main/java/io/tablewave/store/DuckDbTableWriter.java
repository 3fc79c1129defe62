package io.tablewave.store;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** Loads through DuckDB's appender inside one transaction. */
final class DuckDbTableWriter extends AbstractTableWriter {
  private final ColumnType[] types;
  private final DuckDBAppender appender;

  DuckDbTableWriter(
      AbstractJdbcStore store,
      String physicalTable,
      List<Column> declaredColumns,
      Connection connection,
      WriterOwnership ownership)
      throws SQLException {
    super(store, physicalTable, declaredColumns, connection, ownership);
    this.types = declaredColumns.stream().map(Column::type).toArray(ColumnType[]::new);
    connection.setAutoCommit(false);
    if (!ownership.ownsTable()) {
      // DuckDB's appender joins the connection's transaction only once a statement has begun it;
      // before that, each of its flushes commits on its own (harmless only in a table dropped
      // when the writer fails).
      try (Statement begin = connection.createStatement()) {
        begin.execute("SELECT 1");
      }
    }
    this.appender =
        connection.unwrap(DuckDBConnection.class).createAppender(store.dataSchema(), physicalTable);
  }

  @Override
  protected void write(Object[] values) throws SQLException {
    appender.beginRow();
    for (int i = 0; i < types.length; i++) {
      Object value = values[i];
      if (value == null) {
        appender.appendNull();
        continue;
      }
      switch (types[i]) {
        case BOOLEAN -> appender.append(((Boolean) value).booleanValue());
        case INTEGER -> appender.append(((Integer) value).intValue());
        case BIGINT -> appender.append(((Long) value).longValue());
        case DOUBLE -> appender.append(((Double) value).doubleValue());
        case DECIMAL -> appender.append((BigDecimal) value);
        case VARCHAR -> appender.append((String) value);
        case DATE -> appender.append((LocalDate) value);
        case TIME -> appender.append((LocalTime) value);
        case TIMESTAMP -> appender.append((LocalDateTime) value);
        case VARBINARY -> appender.append((byte[]) value);
      }
    }
    appender.endRow();
  }

  @Override
  protected void flush() throws SQLException {
    // close() would swallow a failing flush, so flush first.
    appender.flush();
    appender.close();
  }

  @Override
  protected void release(boolean aborted) throws SQLException {
    appender.close();
  }
}
