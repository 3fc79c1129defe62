package io.tablewave.dispatch;

import static java.util.Objects.requireNonNull;

import io.tablewave.query.QueryCancel;
import io.tablewave.security.Role;
import io.tablewave.sql.BatchStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the server keeps for one client connection: who it is, how many workers its batches may use,
 * how long they and its queries may take, how to stop its running query, the batches it submitted,
 * and, in manual-commit mode, the CTAS statements queued until {@code commit()}.
 */
public final class Session {
  private final String id;
  private final String userName;
  private final Role role;
  private final int parallelism;
  private final SessionBatches batches;
  private final List<BatchStatement> queued = new ArrayList<>();
  private final QueryCancel queries = new QueryCancel();
  private boolean autoCommit = true;
  private Duration batchTimeout;

  public Session(String id, String userName, Role role, int parallelism) {
    this(id, userName, role, parallelism, new SessionBatches());
  }

  /**
   * A session that shares {@code batches} with another one: its {@code SYS.MY_BATCHES} shows the
   * batches of that connection (the driver follows a running batch this way).
   */
  public Session(String id, String userName, Role role, int parallelism, SessionBatches batches) {
    this.id = requireNonNull(id, "id is null");
    this.batches = requireNonNull(batches, "batches is null");
    this.userName = userName;
    this.role = requireNonNull(role, "role is null");
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
    }
    this.parallelism = parallelism;
  }

  public String id() {
    return id;
  }

  public String userName() {
    return userName;
  }

  /** What this connection's user may run; {@code loader} when the server has no users file. */
  public Role role() {
    return role;
  }

  public int parallelism() {
    return parallelism;
  }

  /** Stops this connection's running query (Statement.cancel, its query timeout). */
  public QueryCancel queries() {
    return queries;
  }

  /** The batches this connection submitted. */
  public SessionBatches batches() {
    return batches;
  }

  public synchronized boolean autoCommit() {
    return autoCommit;
  }

  public synchronized void setAutoCommit(boolean autoCommit) {
    this.autoCommit = autoCommit;
  }

  /** The limit of each batch of this connection (SET batch_timeout), if any. */
  public synchronized Optional<Duration> batchTimeout() {
    return Optional.ofNullable(batchTimeout);
  }

  public synchronized void setBatchTimeout(Optional<Duration> timeout) {
    this.batchTimeout = timeout.orElse(null);
  }

  synchronized void queue(List<BatchStatement> statements) {
    queued.addAll(statements);
  }

  /** Takes the queued statements, leaving the queue empty. */
  synchronized List<BatchStatement> drainQueued() {
    List<BatchStatement> statements = List.copyOf(queued);
    queued.clear();
    return statements;
  }
}
