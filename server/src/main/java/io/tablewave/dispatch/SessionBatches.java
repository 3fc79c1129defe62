package io.tablewave.dispatch;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.OptionalLong;

/**
 * The batches one client connection submitted, newest last: what {@code SYS.MY_BATCHES} shows and
 * how the server tells a client which batch its request started. Kept in memory with the session
 * (the registry knows batches, not connections); the newest {@value #KEPT} are kept.
 */
public final class SessionBatches {
  /** How many batch ids a connection remembers; older ones leave {@code SYS.MY_BATCHES}. */
  static final int KEPT = 10_000;

  private final Deque<Long> ids = new ArrayDeque<>();
  private long submitted;

  /** Records that the connection's statement registered batch {@code batchId}. */
  synchronized void submitted(long batchId) {
    ids.addLast(batchId);
    if (ids.size() > KEPT) {
      ids.removeFirst();
    }
    submitted++;
  }

  /** A mark to pass to {@link #newestSince(long)}: how many batches were submitted so far. */
  public synchronized long mark() {
    return submitted;
  }

  /** The newest batch submitted after {@code mark} was taken, if any. */
  public synchronized OptionalLong newestSince(long mark) {
    return submitted > mark && !ids.isEmpty()
        ? OptionalLong.of(ids.peekLast())
        : OptionalLong.empty();
  }

  /** Whether the connection submitted batch {@code batchId} (among the newest {@value #KEPT}). */
  public synchronized boolean contains(long batchId) {
    return ids.contains(batchId);
  }
}
