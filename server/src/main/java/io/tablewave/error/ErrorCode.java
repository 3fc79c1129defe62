package io.tablewave.error;

/**
 * Every user-facing failure has one of these codes. The SQLSTATE travels to the client with the
 * message; the numeric code lets the driver recognise failures it must treat specially (an
 * incomplete batch becomes a {@link java.sql.BatchUpdateException}).
 */
public enum ErrorCode {
  /** The text is not valid SQL; the message carries line and column. */
  SYNTAX_ERROR(1001, "42000", Kind.USER),
  /** A statement Tablewave does not run (e.g. INSERT, UPDATE). */
  UNSUPPORTED_STATEMENT(1002, "0A000", Kind.USER),
  /** A WITH property has an unknown key in a validated namespace or a bad value. */
  INVALID_PROPERTY(1003, "22023", Kind.USER),
  /**
   * A query does not validate against the columns its inputs will have (an unknown column or
   * function, an ambiguous name, a type error, result columns with duplicate or empty names); the
   * message gives statement, line and column.
   */
  INVALID_QUERY(1004, "42000", Kind.USER),
  /** Two statements of one batch create the same table. */
  DUPLICATE_TABLE_IN_BATCH(1010, "42S01", Kind.USER),
  /** The table exists and neither IF NOT EXISTS nor OR REPLACE was given. */
  TABLE_ALREADY_EXISTS(1011, "42S01", Kind.USER),
  /** The dependency graph of a batch has a cycle. */
  CIRCULAR_DEPENDENCY(1012, "42P17", Kind.USER),
  /** A referenced table is neither in the batch nor in the registry. */
  MISSING_TABLE(1013, "42S02", Kind.USER),
  /** A referenced Kafka topic does not exist or the cluster cannot be reached. */
  MISSING_TOPIC(1014, "42S02", Kind.USER),
  /** The batch would exceed the registry capacity. */
  CAPACITY_EXCEEDED(1015, "53400", Kind.RESOURCE),
  /** DROP ... RESTRICT while other tables depend on the table. */
  DEPENDENT_TABLES_EXIST(1016, "2BP01", Kind.USER),
  /** DROP of a table that does not exist. */
  TABLE_NOT_FOUND(1017, "42S02", Kind.USER),
  /** A table is being loaded and cannot be dropped or replaced now. */
  TABLE_BUSY(1018, "55006", Kind.USER),
  /** CANCEL BATCH of a batch id that was never planned. */
  BATCH_NOT_FOUND(1019, "42704", Kind.USER),
  /** CANCEL BATCH of a batch that has already ended. */
  BATCH_NOT_RUNNING(1021, "55000", Kind.USER),
  /** Some tables of a batch failed or were skipped; the message names each one. */
  BATCH_INCOMPLETE(1100, "TW100", Kind.USER),
  /** The load of one table failed. */
  LOAD_FAILED(1101, "TW101", Kind.USER),
  /** A record could not be decoded and on-bad-record is 'fail'. */
  BAD_RECORD(1102, "22P02", Kind.USER),
  /**
   * A topic no longer holds what a table's recorded offsets say: records deleted by retention, the
   * topic recreated, partitions gone. A full refresh rebuilds the table.
   */
  SOURCE_CHANGED(1103, "TW103", Kind.USER),
  /** The batch or a table was cancelled. */
  CANCELLED(1200, "57014", Kind.USER),
  /** A table or batch ran longer than its limit. */
  TIMED_OUT(1201, "HYT00", Kind.USER),
  /** The store could not be reached or failed. */
  STORE_UNAVAILABLE(1300, "08006", Kind.EXTERNAL),
  /** The store's file is locked by another process (DuckDB allows one process per file). */
  STORE_LOCKED(1303, "55006", Kind.EXTERNAL),
  /** The Kafka cluster could not be reached. */
  SOURCE_UNAVAILABLE(1301, "08001", Kind.EXTERNAL),
  /**
   * The user's role does not allow the statement, or the request is not the connection's user's.
   */
  PERMISSION_DENIED(1020, "42501", Kind.USER),
  /** The client's connection is not open on this server (closed, or the server restarted). */
  CONNECTION_NOT_OPEN(1302, "08003", Kind.USER),
  /** A bug or an unexpected state of the server. */
  INTERNAL_ERROR(1900, "XX000", Kind.INTERNAL);

  /** Whose fault a failure is. */
  public enum Kind {
    USER,
    RESOURCE,
    EXTERNAL,
    INTERNAL
  }

  private final int code;
  private final String sqlState;
  private final Kind kind;

  ErrorCode(int code, String sqlState, Kind kind) {
    this.code = code;
    this.sqlState = sqlState;
    this.kind = kind;
  }

  public int code() {
    return code;
  }

  public String sqlState() {
    return sqlState;
  }

  public Kind kind() {
    return kind;
  }
}
