package io.tablewave.avatica;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import org.apache.calcite.avatica.Meta.StatementHandle;
import org.apache.calcite.avatica.NoSuchStatementException;

/**
 * The connection each open statement belongs to. Statement ids are numbers counted by the server,
 * easy to guess and counted again from the start after a restart; a request that names a statement
 * of another connection is answered as if the statement did not exist, so that no connection reads,
 * runs or closes what another opened (another user's, on a server with users).
 */
final class StatementOwners {
  private final Map<Integer, String> owners = new ConcurrentHashMap<>();
  private final int kept;

  /**
   * @param kept how many statements the server keeps open at most; beyond that, statements the
   *     server no longer has are forgotten here too
   */
  StatementOwners(int kept) {
    if (kept < 1) {
      throw new IllegalArgumentException("kept must be positive: " + kept);
    }
    this.kept = kept;
  }

  /**
   * Records a statement the server opened for {@code connectionId}. {@code open} tells which
   * statements the server still has: statements it let expire are never closed by a client, and are
   * forgotten here once twice as many are recorded as it keeps (so that a server keeping its most
   * statements does not look through them all at every new one).
   */
  void opened(int statementId, String connectionId, IntPredicate open) {
    requireNonNull(connectionId, "connectionId is null");
    owners.put(statementId, connectionId);
    if (owners.size() > 2L * kept) {
      owners.keySet().removeIf(id -> !open.test(id));
    }
  }

  /** Whether the statement of {@code h} belongs to the connection of {@code h}. */
  boolean owns(StatementHandle h) {
    return h.connectionId != null && h.connectionId.equals(owners.get(h.id));
  }

  /** Fails as Avatica does for an unknown statement unless {@link #owns}. */
  void check(StatementHandle h) throws NoSuchStatementException {
    if (!owns(h)) {
      throw new NoSuchStatementException(h);
    }
  }

  void closed(StatementHandle h) {
    owners.remove(h.id, h.connectionId);
  }

  void connectionClosed(String connectionId) {
    owners.values().removeIf(connectionId::equals);
  }
}
