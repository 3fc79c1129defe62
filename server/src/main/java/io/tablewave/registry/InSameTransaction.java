package io.tablewave.registry;

import java.sql.SQLException;

/**
 * Store work that commits in the same transaction as a registry change, on the registry's
 * connection: both or neither reach the store. It runs before the registry's rows are written, may
 * run again when the store aborts the transaction (it was rolled back then), and must not commit.
 */
@FunctionalInterface
public interface InSameTransaction {
  void run(RegistryTransaction transaction) throws SQLException;
}
