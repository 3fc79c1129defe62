package io.tablewave.jdbc;

import java.net.URI;
import java.sql.SQLException;
import java.util.OptionalLong;

/**
 * What a Tablewave connection adds to {@link java.sql.Connection}: {@code
 * connection.unwrap(TablewaveConnection.class)}.
 */
public interface TablewaveConnection {
  /**
   * The id of the newest batch this connection submitted, from any of its statements or from {@code
   * commit()} in manual-commit mode (whose {@link java.sql.SQLWarning} is on the connection); empty
   * before the first one. {@code SELECT * FROM SYS.MY_BATCHES} lists them all.
   */
  OptionalLong lastBatchId() throws SQLException;

  /**
   * The live page of batch {@code batchId} on this connection's server, {@code
   * http://HOST:PORT/ui/?batch=ID} ({@code https} over TLS), as {@link BatchProgress#page()} gives
   * it.
   */
  URI batchPage(long batchId) throws SQLException;
}
