package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

/**
 * A JDBC object with nothing to fix but its exceptions, such as {@link java.sql.ResultSetMetaData}.
 */
final class PlainHandler extends ForwardingHandler {
  private final ConnectionHandler owner;

  PlainHandler(Object avatica, ConnectionHandler owner) {
    super(avatica);
    this.owner = requireNonNull(owner, "owner is null");
  }

  @Override
  ConnectionHandler owner() {
    return owner;
  }
}
