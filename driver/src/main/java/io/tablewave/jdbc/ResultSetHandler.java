package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A result set the user holds; {@code getStatement()} returns the statement the user holds. */
final class ResultSetHandler extends ForwardingHandler {
  private final ResultSet results;
  private final ConnectionHandler owner;
  private final Statement parent;

  /**
   * {@code parent} is the wrapped statement that produced the rows, or null when it is not known.
   */
  ResultSetHandler(ResultSet avatica, ConnectionHandler owner, Statement parent) {
    super(avatica);
    this.results = avatica;
    this.owner = requireNonNull(owner, "owner is null");
    this.parent = parent;
  }

  @Override
  ConnectionHandler owner() {
    return owner;
  }

  @Override
  Object handle(Object self, Method method, Object[] arguments) throws SQLException {
    // next() once a row and getObject(int) once a value are called directly: through reflection
    // they cost a tenth of reading a million rows
    if (arguments.length == 1
        && arguments[0] instanceof Integer column
        && method.getName().equals("getObject")) {
      try {
        return results.getObject(column);
      } catch (SQLException | RuntimeException e) {
        throw translate(e);
      }
    }
    if (arguments.length == 0) {
      if (method.getName().equals("next")) {
        try {
          return results.next();
        } catch (SQLException | RuntimeException e) {
          throw translate(e);
        }
      }
      if (method.getName().equals("getStatement") && parent != null) {
        forward(method, arguments);
        return parent;
      }
      if (method.getName().equals("close")) {
        return closeTolerantly(method, arguments);
      }
    }
    return forward(method, arguments);
  }
}
