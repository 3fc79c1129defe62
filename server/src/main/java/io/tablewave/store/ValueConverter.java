package io.tablewave.store;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.UUID;

/**
 * Brings a value to the Java type its column's {@link io.tablewave.data.ColumnType} carries,
 * accepting the conversions that lose nothing a reader would miss and rejecting the rest.
 */
final class ValueConverter {
  private static final int MAX_SHOWN_CHARS = 80;

  private final String table;
  private final Column column;

  /** The column as the store declared it: DECIMAL precision and scale are clamped. */
  ValueConverter(String table, Column column) {
    this.table = requireNonNull(table, "table is null");
    this.column = requireNonNull(column, "column is null");
  }

  Object convert(Object value) {
    if (value == null) {
      return null;
    }
    Object converted =
        switch (column.type()) {
          case BOOLEAN -> toBoolean(value);
          case INTEGER -> toInteger(value);
          case BIGINT -> toLong(value);
          case DOUBLE -> toDouble(value);
          case DECIMAL -> toDecimal(value);
          case VARCHAR -> toVarchar(value);
          case DATE -> toDate(value);
          case TIME -> toTime(value);
          case TIMESTAMP -> toTimestamp(value);
          case VARBINARY -> toBytes(value);
        };
    if (converted == null) {
      throw reject(value, "");
    }
    return converted;
  }

  private static Boolean toBoolean(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s) {
      if (s.equalsIgnoreCase("true")) {
        return Boolean.TRUE;
      }
      if (s.equalsIgnoreCase("false")) {
        return Boolean.FALSE;
      }
    }
    return null;
  }

  private Integer toInteger(Object value) {
    if (value instanceof Integer i) {
      return i;
    }
    if (value instanceof Short || value instanceof Byte) {
      return ((Number) value).intValue();
    }
    BigInteger exact = exactInteger(value);
    if (exact == null) {
      return null;
    }
    if (exact.bitLength() > 31) {
      throw reject(value, " (out of range)");
    }
    return exact.intValue();
  }

  private Long toLong(Object value) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    BigInteger exact = exactInteger(value);
    if (exact == null) {
      return null;
    }
    if (exact.bitLength() > 63) {
      throw reject(value, " (out of range)");
    }
    return exact.longValue();
  }

  /** The integer a number holds exactly, or null when it is no integer number. */
  private BigInteger exactInteger(Object value) {
    if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger b) {
      return b;
    }
    BigDecimal decimal = null;
    if (value instanceof BigDecimal d) {
      decimal = d;
    } else if ((value instanceof Double || value instanceof Float)
        && Double.isFinite(((Number) value).doubleValue())) {
      decimal = BigDecimal.valueOf(((Number) value).doubleValue());
    }
    if (decimal == null) {
      return null;
    }
    try {
      return decimal.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw reject(value, " (has a fraction)");
    }
  }

  private static Double toDouble(Object value) {
    if (value instanceof Double d) {
      return d;
    }
    if (value instanceof Float f) {
      // Through the decimal text so that 0.1f arrives as 0.1, not 0.10000000149011612.
      return Double.valueOf(Float.toString(f));
    }
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    return null;
  }

  private BigDecimal toDecimal(Object value) {
    BigDecimal decimal;
    if (value instanceof BigDecimal d) {
      decimal = d;
    } else if (value instanceof BigInteger b) {
      decimal = new BigDecimal(b);
    } else if (value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte) {
      decimal = BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (!Double.isFinite(d)) {
        throw reject(value, " (not a finite number)");
      }
      decimal =
          new BigDecimal(
              value instanceof Float ? Float.toString((Float) value) : Double.toString(d));
    } else {
      return null;
    }
    BigDecimal scaled = decimal.setScale(column.scale(), RoundingMode.HALF_UP);
    if (scaled.precision() - scaled.scale() > column.precision() - column.scale()) {
      throw reject(value, " (too many digits before the decimal point)");
    }
    return scaled;
  }

  private static String toVarchar(Object value) {
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof CharSequence
        || value instanceof Character
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof UUID) {
      return value.toString();
    }
    return null;
  }

  private static LocalDate toDate(Object value) {
    if (value instanceof LocalDate d) {
      return d;
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    return null;
  }

  private static LocalTime toTime(Object value) {
    if (value instanceof LocalTime t) {
      return t;
    }
    if (value instanceof java.sql.Time t) {
      return t.toLocalTime();
    }
    return null;
  }

  private static LocalDateTime toTimestamp(Object value) {
    if (value instanceof LocalDateTime t) {
      return t;
    }
    if (value instanceof java.sql.Timestamp t) {
      // A JDBC source hands TIMESTAMP values over with their wall-clock fields in these.
      return t.toLocalDateTime();
    }
    if (value instanceof Instant i) {
      return LocalDateTime.ofInstant(i, ZoneOffset.UTC);
    }
    if (value instanceof OffsetDateTime o) {
      return o.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    if (value instanceof ZonedDateTime z) {
      return z.withZoneSameInstant(ZoneOffset.UTC).toLocalDateTime();
    }
    if (value instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    if (value instanceof java.util.Date d
        && !(value instanceof java.sql.Date)
        && !(value instanceof java.sql.Time)) {
      return LocalDateTime.ofInstant(d.toInstant(), ZoneOffset.UTC);
    }
    return null;
  }

  private static byte[] toBytes(Object value) {
    if (value instanceof byte[] b) {
      return b;
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return bytes;
    }
    return null;
  }

  private TablewaveException reject(Object value, String why) {
    String shown = value instanceof byte[] b ? "byte[" + b.length + "]" : String.valueOf(value);
    if (shown.length() > MAX_SHOWN_CHARS) {
      shown = shown.substring(0, MAX_SHOWN_CHARS) + "...";
    }
    String type =
        switch (column.type()) {
          case DECIMAL -> "DECIMAL(" + column.precision() + ", " + column.scale() + ")";
          default -> column.type().name();
        };
    return new TablewaveException(
        ErrorCode.LOAD_FAILED,
        "Column '"
            + column.name()
            + "' of table '"
            + table
            + "' is "
            + type
            + " but got "
            + value.getClass().getSimpleName()
            + " value '"
            + shown
            + "'"
            + why
            + "; convert the value in the query or declare a matching column type");
  }
}
