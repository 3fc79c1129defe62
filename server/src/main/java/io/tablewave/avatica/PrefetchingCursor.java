package io.tablewave.avatica;

import static java.util.Objects.requireNonNull;

import com.google.common.collect.Iterables;
import java.sql.SQLException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.avatica.Meta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cursor that, once the client fetches, reads the next frame in the background while the client
 * takes this one, at most one frame ahead and of the size the client last asked for. A read that
 * has not started when the client asks is done by the client's request itself, so a busy pool never
 * makes a fetch wait for other cursors. The first frame, which answers the query's execution and is
 * small, starts nothing.
 */
final class PrefetchingCursor implements ResultCursor {
  private static final Logger LOG = LoggerFactory.getLogger(PrefetchingCursor.class);

  private final ResultCursor cursor;
  private final Executor threads;
  private boolean fetched;
  private Ahead ahead;

  /** A frame read ahead, claimed by whichever of its thread and the client's request is first. */
  private final class Ahead {
    final long offset;
    final int maxRows;
    final AtomicBoolean claimed = new AtomicBoolean();
    final CompletableFuture<Meta.Frame> frame = new CompletableFuture<>();

    Ahead(long offset, int maxRows) {
      this.offset = offset;
      this.maxRows = maxRows;
    }

    void readIfUnclaimed() {
      if (claimed.compareAndSet(false, true)) {
        read();
      }
    }

    void read() {
      try {
        frame.complete(cursor.frame(offset, maxRows));
      } catch (SQLException | RuntimeException | Error e) {
        frame.completeExceptionally(e);
      }
    }

    /** The frame, read here when its thread has not started on it. */
    Meta.Frame take() throws SQLException {
      readIfUnclaimed();
      try {
        return frame.join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw e;
      }
    }
  }

  PrefetchingCursor(ResultCursor cursor, Executor threads) {
    this.cursor = requireNonNull(cursor, "cursor is null");
    this.threads = requireNonNull(threads, "threads is null");
  }

  @Override
  public String connectionId() {
    return cursor.connectionId();
  }

  @Override
  public synchronized Meta.Frame frame(long offset, int maxRows) throws SQLException {
    Meta.Frame frame;
    if (ahead != null) {
      Ahead read = ahead;
      ahead = null;
      if (read.offset != offset) {
        throw new SQLException(
            "rows from offset " + offset + " were asked for, but the next are from " + read.offset);
      }
      frame = read.take();
    } else {
      frame = cursor.frame(offset, maxRows);
    }
    boolean first = !fetched;
    fetched = true;
    if (!first && !frame.done && maxRows != 0) {
      readAhead(offset + Iterables.size(frame.rows), maxRows);
    }
    return frame;
  }

  private void readAhead(long offset, int maxRows) {
    Ahead next = new Ahead(offset, maxRows);
    try {
      threads.execute(next::readIfUnclaimed);
    } catch (RejectedExecutionException stopping) {
      // The server is stopping: the client's next fetch reads the frame itself.
    }
    ahead = next;
  }

  /** Waits for a read under way, then closes the store's cursor. */
  @Override
  public synchronized void close() throws SQLException {
    if (ahead != null) {
      Ahead read = ahead;
      ahead = null;
      // Claimed here, a read that has not started never starts; one under way ends first, as the
      // store's result set is not to be closed under it.
      if (read.claimed.compareAndSet(false, true)) {
        read.frame.cancel(false);
      } else {
        try {
          read.frame.join();
        } catch (CompletionException | CancellationException e) {
          // Its rows are not wanted any more; what stopped them is said once, here.
          LOG.debug("a frame read ahead ended with {} before its cursor closed", e.getCause(), e);
        }
      }
    }
    cursor.close();
  }
}
