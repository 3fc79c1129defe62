package io.tablewave.jdbc;

import java.sql.SQLWarning;

/**
 * A warning that informs, such as {@code batch 7 SUCCEEDED: 3 tables loaded}: SQLState {@code
 * 01000}, and no stack trace, since nothing failed (tools that print a warning's stack trace print
 * one line).
 */
final class BatchWarning extends SQLWarning {
  private static final long serialVersionUID = 1L;
  private static final String WARNING_STATE = "01000";

  BatchWarning(String message) {
    super(message, WARNING_STATE);
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
