package io.tablewave.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.List;
import java.util.stream.Collectors;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Loads through {@code COPY ... FROM STDIN} in PostgreSQL's text format; one statement, so atomic.
 */
final class PostgresCopyWriter extends AbstractTableWriter {
  private static final int BUFFER_CHARS = 256 * 1024;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final ColumnType[] types;
  private final CopyIn copy;
  private final StringBuilder buffer = new StringBuilder(BUFFER_CHARS + 4096);

  PostgresCopyWriter(
      AbstractJdbcStore store,
      String physicalTable,
      List<Column> declaredColumns,
      Connection connection,
      WriterOwnership ownership)
      throws SQLException {
    super(store, physicalTable, declaredColumns, connection, ownership);
    this.types = declaredColumns.stream().map(Column::type).toArray(ColumnType[]::new);
    String names =
        declaredColumns.stream()
            .map(column -> store.quote(column.name()))
            .collect(Collectors.joining(", "));
    this.copy =
        connection
            .unwrap(PGConnection.class)
            .getCopyAPI()
            .copyIn("COPY " + store.qualified(physicalTable) + " (" + names + ") FROM STDIN");
  }

  @Override
  protected void write(Object[] values) throws SQLException {
    for (int i = 0; i < types.length; i++) {
      if (i > 0) {
        buffer.append('\t');
      }
      appendValue(types[i], values[i]);
    }
    buffer.append('\n');
    if (buffer.length() >= BUFFER_CHARS) {
      sendBuffer();
    }
  }

  private void appendValue(ColumnType type, Object value) {
    if (value == null) {
      buffer.append("\\N");
      return;
    }
    switch (type) {
      case BOOLEAN -> buffer.append((Boolean) value ? 't' : 'f');
      case INTEGER, BIGINT -> buffer.append(value);
      case DOUBLE -> appendDouble((Double) value);
      case DECIMAL -> buffer.append(((BigDecimal) value).toPlainString());
      case VARCHAR -> appendEscaped((String) value);
      case DATE -> appendDate((LocalDate) value, true);
      case TIME -> buffer.append((LocalTime) value);
      case TIMESTAMP -> appendTimestamp((LocalDateTime) value);
      case VARBINARY -> appendBytes((byte[]) value);
    }
  }

  private void appendDouble(double value) {
    if (Double.isNaN(value)) {
      buffer.append("NaN");
    } else if (Double.isInfinite(value)) {
      buffer.append(value > 0 ? "Infinity" : "-Infinity");
    } else {
      buffer.append(value);
    }
  }

  private void appendEscaped(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '\\' -> buffer.append("\\\\");
        case '\t' -> buffer.append("\\t");
        case '\n' -> buffer.append("\\n");
        case '\r' -> buffer.append("\\r");
        default -> buffer.append(c);
      }
    }
  }

  /** PostgreSQL counts years without a year 0 and marks the ones before it with BC. */
  private void appendDate(LocalDate date, boolean withEra) {
    int year = date.getYear();
    int shown = year <= 0 ? 1 - year : year;
    String digits = Integer.toString(shown);
    for (int i = digits.length(); i < 4; i++) {
      buffer.append('0');
    }
    buffer.append(digits).append('-');
    twoDigits(date.getMonthValue());
    buffer.append('-');
    twoDigits(date.getDayOfMonth());
    if (withEra && year <= 0) {
      buffer.append(" BC");
    }
  }

  private void appendTimestamp(LocalDateTime timestamp) {
    appendDate(timestamp.toLocalDate(), false);
    buffer.append(' ').append(timestamp.toLocalTime());
    if (timestamp.getYear() <= 0) {
      buffer.append(" BC");
    }
  }

  private void twoDigits(int value) {
    if (value < 10) {
      buffer.append('0');
    }
    buffer.append(value);
  }

  private void appendBytes(byte[] bytes) {
    // bytea's hex form is \x...; the backslash itself is escaped in COPY's text format.
    buffer.append("\\\\x");
    for (byte b : bytes) {
      buffer.append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
    }
  }

  private void sendBuffer() throws SQLException {
    if (buffer.length() == 0) {
      return;
    }
    byte[] bytes = buffer.toString().getBytes(UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    buffer.setLength(0);
  }

  @Override
  protected void flush() throws SQLException {
    sendBuffer();
    copy.endCopy();
  }

  @Override
  protected void release(boolean aborted) throws SQLException {
    if (copy.isActive()) {
      copy.cancelCopy();
    }
  }
}
