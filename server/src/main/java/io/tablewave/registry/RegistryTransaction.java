package io.tablewave.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A registry transaction under way, for store work that commits with it ({@link
 * InSameTransaction}): its connection, and statements prepared once on that connection and kept for
 * later transactions (preparing a statement costs DuckDB about as much as running it).
 */
public interface RegistryTransaction {
  /** The transaction's connection; do not commit, roll back or close it. */
  Connection connection();

  /**
   * A statement of {@code sql} prepared on the transaction's connection, the same one for the same
   * text in every transaction; bind all its parameters before running it, and do not close it.
   */
  PreparedStatement prepared(String sql) throws SQLException;
}
