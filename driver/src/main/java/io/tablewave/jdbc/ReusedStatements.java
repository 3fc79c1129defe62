package io.tablewave.jdbc;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * The server statements of one connection that plain {@code Statement}s may use again, so that
 * creating and closing one costs no request: a statement closed by the application whose results
 * were all read to their end stays open on the server, idle, and the next {@code createStatement}
 * takes it. A statement with a result not read to its end is closed on the server as before, which
 * ends the result there (and frees what it holds, such as a store connection).
 *
 * <p>Only statements made by {@code createStatement} are kept; prepared statements close as they
 * always did. Thread-safe.
 */
final class ReusedStatements {
  /** The most idle statements kept for one connection; more are closed on the server. */
  static final int MAX_IDLE = 8;

  /** Statements made by {@code createStatement}, open on the server. */
  private final Set<Integer> plain = new HashSet<>();

  /** Plain statements whose last execution may have left a result unread on the server. */
  private final Set<Integer> unread = new HashSet<>();

  /** Plain statements the application closed and whose close was not sent, until it completes. */
  private final Set<Integer> closing = new HashSet<>();

  /** Plain statements ready to be taken, the latest closed first. */
  private final Deque<Integer> idle = new ArrayDeque<>();

  /**
   * An idle statement for a new {@code Statement}, if any; {@code inUse} tells whether the
   * connection still has a statement under that id, which is skipped then.
   */
  synchronized OptionalInt take(IntPredicate inUse) {
    for (var ids = idle.iterator(); ids.hasNext(); ) {
      int id = ids.next();
      if (!inUse.test(id)) {
        ids.remove();
        return OptionalInt.of(id);
      }
    }
    return OptionalInt.empty();
  }

  /** A statement the server made for {@code createStatement}. */
  synchronized void created(int id) {
    plain.add(id);
  }

  /** An execution on {@code id} ended; {@code read} when the server holds no unread result. */
  synchronized void executed(int id, boolean read) {
    if (!plain.contains(id)) {
      return;
    }
    if (read) {
      unread.remove(id);
    } else {
      unread.add(id);
    }
  }

  /**
   * Whether the close of {@code id} need not be sent: a plain statement with no unread result,
   * while fewer than {@link #MAX_IDLE} are kept. It is kept until {@link #closed} says the
   * application's statement finished closing.
   */
  synchronized boolean keepOnClose(int id) {
    if (!plain.contains(id) || unread.contains(id) || closing.size() + idle.size() >= MAX_IDLE) {
      plain.remove(id);
      unread.remove(id);
      return false;
    }
    closing.add(id);
    return true;
  }

  /** The application's statement {@code id} finished closing: a kept statement becomes idle. */
  synchronized void closed(int id) {
    if (closing.remove(id)) {
      idle.push(id);
    }
  }

  /** The statements kept open on the server, forgotten here: the caller closes them there. */
  synchronized List<Integer> drain() {
    List<Integer> kept = new ArrayList<>(idle);
    kept.addAll(closing);
    idle.clear();
    closing.clear();
    plain.clear();
    unread.clear();
    return kept;
  }

  /** The server no longer knows a statement: none of those kept can be trusted. */
  synchronized void forgetAll() {
    drain();
  }
}
