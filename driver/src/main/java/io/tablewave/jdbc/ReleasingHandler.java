package io.tablewave.jdbc;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.AvaticaStatement;
import org.apache.calcite.avatica.HandlerImpl;

/**
 * Tells each connection's {@link ReusedStatements} when a statement finished closing, so that a
 * statement kept on the server is taken again only once the client forgot the old one. Connections
 * are held weakly: one never closed does not stay.
 */
final class ReleasingHandler extends HandlerImpl {
  private final Map<AvaticaConnection, ReusedStatements> statements =
      Collections.synchronizedMap(new WeakHashMap<>());

  /** The reused statements of a connection being created. */
  ReusedStatements statementsOf(AvaticaConnection connection) {
    return statements.computeIfAbsent(connection, c -> new ReusedStatements());
  }

  @Override
  public void onStatementClose(AvaticaStatement statement) {
    ReusedStatements reused = statements.get(statement.connection);
    if (reused != null) {
      reused.closed(statement.handle.id);
    }
  }

  @Override
  public void onConnectionClose(AvaticaConnection connection) {
    statements.remove(connection);
  }
}
