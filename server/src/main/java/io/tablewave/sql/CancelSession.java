package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

/** {@code CANCEL SESSION 'connection id'}: the side channel of {@code Statement.cancel()}. */
public record CancelSession(String sessionId, String sqlText) implements ParsedStatement {
  public CancelSession {
    requireNonNull(sessionId, "sessionId is null");
  }
}
