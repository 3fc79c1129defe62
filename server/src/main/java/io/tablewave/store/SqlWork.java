package io.tablewave.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A piece of work on one pooled connection. */
@FunctionalInterface
interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
