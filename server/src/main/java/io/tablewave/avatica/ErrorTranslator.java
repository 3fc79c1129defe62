package io.tablewave.avatica;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.Messages;
import io.tablewave.error.TablewaveException;
import java.sql.SQLException;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.NoSuchConnectionException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;

/**
 * Turns every failure into the only exception whose message, code and SQLSTATE cross the Avatica
 * wire intact. Applied once, at the edge.
 */
final class ErrorTranslator {
  private static final String GENERIC_SQL_STATE = "42000";
  private static final String INVALID_CHARACTER_FOR_CAST = "22018";

  private ErrorTranslator() {}

  static RuntimeException translate(Throwable failure) {
    if (failure instanceof AvaticaRuntimeException avatica) {
      return avatica;
    }
    if (failure instanceof NoSuchConnectionException missing) {
      return missing;
    }
    TablewaveException tablewave = find(failure, TablewaveException.class);
    if (tablewave != null) {
      ErrorCode code = tablewave.errorCode();
      return new AvaticaRuntimeException(
          tablewave.getMessage(), code.code(), code.sqlState(), AvaticaSeverity.ERROR);
    }
    NoSuchStatementException noStatement = find(failure, NoSuchStatementException.class);
    if (noStatement != null) {
      return new AvaticaRuntimeException(
          "the statement is closed or unknown to the server; create a new statement",
          ErrorCode.INTERNAL_ERROR.code(),
          "HY010",
          AvaticaSeverity.ERROR);
    }
    SQLException sql = find(failure, SQLException.class);
    if (sql != null) {
      NumberFormatException notANumber = find(sql, NumberFormatException.class);
      if (notANumber != null) {
        String message =
            Messages.describe(sql)
                .replace(
                    notANumber.getMessage(),
                    "cannot convert "
                        + notANumber.getMessage().replaceFirst("^For input string: ", "")
                        + " to a number; compare or cast text"
                        + " columns to numbers only where they hold digits");
        return new AvaticaRuntimeException(
            message, sql.getErrorCode(), INVALID_CHARACTER_FOR_CAST, AvaticaSeverity.ERROR);
      }
      String state = sql.getSQLState() == null ? GENERIC_SQL_STATE : sql.getSQLState();
      return new AvaticaRuntimeException(
          Messages.describe(sql), sql.getErrorCode(), state, AvaticaSeverity.ERROR);
    }
    return new AvaticaRuntimeException(
        "internal error: " + Messages.describe(failure),
        ErrorCode.INTERNAL_ERROR.code(),
        ErrorCode.INTERNAL_ERROR.sqlState(),
        AvaticaSeverity.ERROR);
  }

  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
