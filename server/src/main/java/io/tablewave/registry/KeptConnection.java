package io.tablewave.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * The connection registry transactions are written on, kept from one to the next with the
 * statements prepared on it, each SQL text prepared once: preparing cost DuckDB about as much as
 * running the statement.
 */
final class KeptConnection implements RegistryTransaction, AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> prepared = new HashMap<>();

  KeptConnection(Connection connection) {
    this.connection = connection;
  }

  @Override
  public Connection connection() {
    return connection;
  }

  @Override
  public PreparedStatement prepared(String sql) throws SQLException {
    PreparedStatement statement = prepared.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      prepared.put(sql, statement);
    }
    return statement;
  }

  /** Closes the statements and the connection, all of them even when one fails. */
  @Override
  public void close() throws SQLException {
    SQLException failure = null;
    for (PreparedStatement statement : prepared.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure = first(failure, e);
      }
    }
    prepared.clear();
    try {
      connection.close();
    } catch (SQLException e) {
      failure = first(failure, e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static SQLException first(SQLException first, SQLException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
