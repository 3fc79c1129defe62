package io.tablewave.data;

import java.sql.Types;

/**
 * The column types Tablewave materializes. Every source and every store speaks these; the Java
 * value a row carries for each is fixed so that writers need no guessing.
 */
public enum ColumnType {
  /** {@link Boolean}. */
  BOOLEAN(Types.BOOLEAN),
  /** {@link Integer} (also carries TINYINT and SMALLINT values). */
  INTEGER(Types.INTEGER),
  /** {@link Long}. */
  BIGINT(Types.BIGINT),
  /** {@link Double} (also carries REAL and FLOAT values). */
  DOUBLE(Types.DOUBLE),
  /** {@link java.math.BigDecimal}, with the column's precision and scale. */
  DECIMAL(Types.DECIMAL),
  /** {@link String}. */
  VARCHAR(Types.VARCHAR),
  /** {@link java.time.LocalDate}. */
  DATE(Types.DATE),
  /** {@link java.time.LocalTime}. */
  TIME(Types.TIME),
  /** {@link java.time.LocalDateTime}, UTC. */
  TIMESTAMP(Types.TIMESTAMP),
  /** {@code byte[]}. */
  VARBINARY(Types.VARBINARY);

  private final int jdbcType;

  ColumnType(int jdbcType) {
    this.jdbcType = jdbcType;
  }

  public int jdbcType() {
    return jdbcType;
  }

  /** Maps a JDBC type code to the column type that holds its values without loss. */
  public static ColumnType fromJdbc(int jdbcType) {
    return switch (jdbcType) {
      case Types.BOOLEAN, Types.BIT -> BOOLEAN;
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER -> INTEGER;
      case Types.BIGINT -> BIGINT;
      case Types.REAL, Types.FLOAT, Types.DOUBLE -> DOUBLE;
      case Types.DECIMAL, Types.NUMERIC -> DECIMAL;
      case Types.DATE -> DATE;
      case Types.TIME, Types.TIME_WITH_TIMEZONE -> TIME;
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> TIMESTAMP;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> VARBINARY;
      default -> VARCHAR;
    };
  }
}
