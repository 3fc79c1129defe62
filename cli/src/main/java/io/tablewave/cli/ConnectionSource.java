package io.tablewave.cli;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a new connection to the server. */
@FunctionalInterface
interface ConnectionSource {
  Connection open() throws SQLException;
}
