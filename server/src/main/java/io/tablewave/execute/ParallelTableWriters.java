package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.store.Store;
import io.tablewave.store.TableWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

/**
 * Writers into one new table, each for its own thread: the first creates the table, the others
 * write beside it in transactions of their own, each holding a connection and one permit of {@code
 * connections}. The table holds the rows of all once {@link #finish()} returned; closing them
 * unfinished drops it.
 */
final class ParallelTableWriters implements AutoCloseable {
  private final TableWriter first;
  private final List<TableWriter> others = new ArrayList<>();
  private final Semaphore connections;
  private int permits;

  /**
   * Creates {@code table} and opens up to {@code writers} writers into it, as many as permits of
   * {@code connections} can be had at once (at least the first, which needs none).
   */
  ParallelTableWriters(
      Store store, String table, List<Column> columns, int writers, Semaphore connections) {
    requireNonNull(store, "store is null");
    this.connections = requireNonNull(connections, "connections is null");
    this.first = store.openWriter(table, columns);
    try {
      while (others.size() < writers - 1 && connections.tryAcquire()) {
        permits++;
        others.add(store.openParallelWriter(table, columns));
      }
    } catch (RuntimeException e) {
      closeAll(e);
      throw e;
    }
  }

  /** One sink per writer, the first one's first. */
  List<TableWriter> sinks() {
    List<TableWriter> sinks = new ArrayList<>();
    sinks.add(first);
    sinks.addAll(others);
    return sinks;
  }

  /** Commits every writer's rows, the first writer's last. */
  void finish() {
    others.forEach(TableWriter::finish);
    first.finish();
  }

  @Override
  public void close() {
    closeAll(null);
  }

  /** Closes the others, then the first (which drops the table unless finished). */
  private void closeAll(RuntimeException failure) {
    RuntimeException closing = failure;
    for (TableWriter writer : others) {
      closing = closeOne(writer, closing);
    }
    others.clear();
    connections.release(permits);
    permits = 0;
    closing = closeOne(first, closing);
    if (closing != null && closing != failure) {
      throw closing;
    }
  }

  private static RuntimeException closeOne(TableWriter writer, RuntimeException earlier) {
    try {
      writer.close();
      return earlier;
    } catch (RuntimeException e) {
      if (earlier == null) {
        return e;
      }
      earlier.addSuppressed(e);
      return earlier;
    }
  }
}
