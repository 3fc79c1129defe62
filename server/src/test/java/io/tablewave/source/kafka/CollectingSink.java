package io.tablewave.source.kafka;

import io.tablewave.data.RowSink;
import java.util.ArrayList;
import java.util.List;

/** Keeps every row and remembers which threads delivered them. */
final class CollectingSink implements RowSink {
  final List<Object[]> rows = new ArrayList<>();
  final java.util.Set<Thread> threads = new java.util.HashSet<>();

  @Override
  public void accept(Object[] row) {
    threads.add(Thread.currentThread());
    rows.add(row.clone());
  }
}
