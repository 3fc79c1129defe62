package io.tablewave.jdbc;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.AvaticaClientRuntimeException;
import org.apache.calcite.avatica.AvaticaSqlException;
import org.apache.calcite.avatica.remote.Service.ErrorResponse;

/** Turns whatever the Avatica client throws into an {@link SQLException} a person can act on. */
final class SqlErrors {
  /** SQLState of a connection that could not be established. */
  static final String UNABLE_TO_CONNECT = "08001";

  /** SQLState of a connection the server no longer knows. */
  static final String CONNECTION_DOES_NOT_EXIST = "08003";

  /** SQLState of a connection that failed while in use. */
  static final String CONNECTION_FAILURE = "08006";

  /** SQLState of a statement cancelled on the user's request. */
  static final String CANCELLED = "57014";

  /** What Avatica's result set says, with no SQLState, when it is read after a cancel. */
  private static final String AVATICA_CANCELLED = "Statement canceled";

  private static final String REMOTE_PREFIX = "Remote driver error: ";
  private static final Pattern EXCEPTION_CLASS_PREFIX =
      Pattern.compile("^([\\w$]+\\.)*[\\w$]*(Exception|Error)(: )?");

  private SqlErrors() {}

  /**
   * Translates {@code failure}.
   *
   * @param serverUrl the server's address, named in connection failures
   * @param connecting whether the failure happened while opening the connection
   */
  static SQLException translate(Throwable failure, String serverUrl, boolean connecting) {
    if (failure instanceof Error error) {
      throw error;
    }
    if (failure instanceof BatchUpdateException batch) {
      return batch;
    }
    Throwable io = ioCause(failure);
    if (io instanceof SocketTimeoutException) {
      return new SQLTimeoutException(
          "The Tablewave server at "
              + serverUrl
              + " did not answer within the"
              + " connection's timeout; raise the 'timeout' connection property (default: no limit)",
          "HYT00",
          0,
          failure);
    }
    if (io != null) {
      return new SQLException(
          "Cannot reach the Tablewave server at "
              + serverUrl
              + ": "
              + describe(io)
              + ". Check that the server runs and listens there",
          connecting ? UNABLE_TO_CONNECT : CONNECTION_FAILURE,
          0,
          failure);
    }
    if (failure instanceof AvaticaClientRuntimeException remote) {
      return fromServer(
          remote.getMessage(),
          remote.getServerExceptions(),
          remote.getSqlState(),
          remote.getErrorCode(),
          failure);
    }
    if (failure instanceof AvaticaSqlException remote) {
      return fromServer(
          remote.getErrorMessage(),
          remote.getStackTraces(),
          remote.getSQLState(),
          remote.getErrorCode(),
          failure);
    }
    String http = httpStatusProblem(failure);
    if (failure instanceof SQLException sql
        && sql.getSQLState() == null
        && AVATICA_CANCELLED.equals(sql.getMessage())) {
      return new SQLException(
          "The statement was cancelled (Statement.cancel()): rows not read before the cancel are"
              + " not read; run the query again to read them",
          CANCELLED,
          0,
          failure);
    }
    if (failure instanceof SQLException sql && http == null) {
      return sql;
    }
    if (http != null && (http.contains("401") || http.contains("403"))) {
      return new SQLException(
          "The server at "
              + serverUrl
              + " refused the user name or password ("
              + http
              + "): give the connection properties user and password of a user in the server's users file",
          "28000",
          0,
          failure);
    }
    if (http != null && http.contains("413")) {
      return new SQLException(
          "The server at "
              + serverUrl
              + " refused a request larger than it accepts ("
              + http
              + "): split the batch or script into smaller ones",
          "54000",
          0,
          failure);
    }
    if (http != null) {
      return new SQLException(
          "The server at "
              + serverUrl
              + " is not a Tablewave server or refused the"
              + " request ("
              + http
              + ")",
          connecting ? UNABLE_TO_CONNECT : CONNECTION_FAILURE,
          0,
          failure);
    }
    return new SQLException(String.valueOf(failure.getMessage()), "HY000", 0, failure);
  }

  /** Whether {@code e} says the connection to the server is gone (SQLState class 08). */
  static boolean isConnectionFailure(SQLException e) {
    return e.getSQLState() != null && e.getSQLState().startsWith("08");
  }

  private static SQLException fromServer(
      String message, List<String> serverTraces, String sqlState, int errorCode, Throwable cause) {
    String text = serverMessage(message, serverTraces);
    String state =
        sqlState == null || ErrorResponse.UNKNOWN_SQL_STATE.equals(sqlState) ? "HY000" : sqlState;
    if (errorCode == ErrorResponse.MISSING_CONNECTION_ERROR_CODE) {
      return new SQLException(
          "The Tablewave server no longer knows this connection (it probably restarted);"
              + " reconnect. Server said: "
              + text,
          CONNECTION_DOES_NOT_EXIST,
          errorCode,
          cause);
    }
    return new SQLException(
        text, state, errorCode == ErrorResponse.UNKNOWN_ERROR_CODE ? 0 : errorCode, cause);
  }

  /**
   * The server's own words: Avatica prefixes them with "Remote driver error: " and often with
   * "Error while executing SQL ...: "; some client paths drop them and keep only the server's
   * trace.
   */
  static String serverMessage(String message, List<String> serverTraces) {
    String text = message == null ? "" : message;
    int remote = text.indexOf(REMOTE_PREFIX);
    if (remote >= 0) {
      return text.substring(remote + REMOTE_PREFIX.length());
    }
    if (serverTraces != null && !serverTraces.isEmpty() && serverTraces.get(0) != null) {
      String firstLine = serverTraces.get(0).lines().findFirst().orElse("");
      String stripped = EXCEPTION_CLASS_PREFIX.matcher(firstLine).replaceFirst("");
      if (!stripped.isBlank()) {
        return stripped;
      }
    }
    return text;
  }

  private static Throwable ioCause(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IOException) {
        return t;
      }
    }
    return null;
  }

  private static String httpStatusProblem(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null && message.contains("got HTTP/")) {
        return message.substring(message.indexOf("got HTTP/") + 4);
      }
    }
    return null;
  }

  private static String describe(Throwable io) {
    String message = io.getMessage();
    String kind = io.getClass().getSimpleName();
    return message == null ? kind : kind + ": " + message;
  }
}
