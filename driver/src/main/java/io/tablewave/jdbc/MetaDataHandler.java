package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * The database metadata the user holds. The stock Avatica client says Tablewave has no transactions
 * and is read-only; Tablewave's transactions are batches (commit runs the queued statements), so
 * tools such as DBeaver must see {@code supportsTransactions()} true to offer manual commit. The
 * isolation level it reports and supports is read committed, which is what a statement sees.
 */
final class MetaDataHandler extends ForwardingHandler {
  private static final String PRODUCT_NAME = "Tablewave";

  /**
   * What a statement sees: tables as their last committed load left them (a load swaps a table in
   * at once), possibly another version of a table on its next read.
   */
  private static final int ISOLATION = Connection.TRANSACTION_READ_COMMITTED;

  private final ConnectionHandler owner;

  MetaDataHandler(DatabaseMetaData avatica, ConnectionHandler owner) {
    super(avatica);
    this.owner = requireNonNull(owner, "owner is null");
  }

  @Override
  ConnectionHandler owner() {
    return owner;
  }

  @Override
  Object handle(Object self, Method method, Object[] arguments) throws SQLException {
    if (arguments.length == 0) {
      switch (method.getName()) {
        case "supportsTransactions":
        case "supportsBatchUpdates":
          return true;
        case "isReadOnly":
          return owner.readOnly();
        case "getURL":
          return owner.url().url();
        case "getDatabaseProductName":
          Object name = forward(method, arguments);
          return name == null || name.toString().isBlank() ? PRODUCT_NAME : name;
        case "getDefaultTransactionIsolation":
          return ISOLATION;
        default:
          break;
      }
    } else if (method.getName().equals("supportsTransactionIsolationLevel")
        && arguments.length == 1) {
      return ((Integer) arguments[0]) == ISOLATION;
    }
    return forward(method, arguments);
  }
}
