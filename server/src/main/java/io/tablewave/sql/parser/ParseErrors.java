package io.tablewave.sql.parser;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Errors raised from grammar actions; the generated parser turns them into positioned parse errors.
 */
public final class ParseErrors {
  private ParseErrors() {}

  /** An error at {@code pos} whose message is {@code message} (without the position). */
  public static CalciteContextException at(SqlParserPos pos, String message) {
    return new CalciteContextException(
        message,
        new IllegalArgumentException(message),
        pos.getLineNum(),
        pos.getColumnNum(),
        pos.getEndLineNum(),
        pos.getEndColumnNum());
  }

  /** The message when the word after AS in CREATE TABLE ... AS cannot start a query. */
  public static String queryExpectedAfterAs(String found) {
    return "expected a query after AS (SELECT, VALUES or WITH), but found \"" + found + "\"";
  }
}
