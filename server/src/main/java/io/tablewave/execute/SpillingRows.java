package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.store.Store;
import io.tablewave.store.TableWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keeps the rows it is given in memory up to a budget of bytes, and past it writes them all to a
 * new table of the store, then the rest as they come. Few rows then cost no table: the caller can
 * write them where they go in a transaction of its own.
 */
final class SpillingRows implements TableWriter {
  private static final long ROW_BYTES = 16;
  private static final long VALUE_BYTES = 24;

  private final Store store;
  private final String spillTable;
  private final List<Column> columns;
  private final long budgetBytes;
  private List<Object[]> kept = new ArrayList<>();
  private long keptBytes;
  private TableWriter spilled;
  private long rows;

  /**
   * @param spillTable the table created when the rows exceed the budget
   * @param budgetBytes the most the rows kept in memory may take, as estimated; 0 to write every
   *     row to the table
   */
  SpillingRows(Store store, String spillTable, List<Column> columns, long budgetBytes) {
    this.store = requireNonNull(store, "store is null");
    this.spillTable = requireNonNull(spillTable, "spillTable is null");
    this.columns = List.copyOf(columns);
    if (budgetBytes < 0) {
      throw new IllegalArgumentException("budgetBytes is negative: " + budgetBytes);
    }
    this.budgetBytes = budgetBytes;
    if (budgetBytes == 0) {
      spilled = store.openWriter(spillTable, columns);
    }
  }

  @Override
  public void accept(Object[] row) {
    rows++;
    if (spilled != null) {
      spilled.accept(row);
      return;
    }
    kept.add(row.clone());
    keptBytes += estimatedBytes(row);
    if (keptBytes > budgetBytes) {
      spilled = store.openWriter(spillTable, columns);
      kept.forEach(spilled::accept);
      kept = List.of();
      keptBytes = 0;
    }
  }

  /** Whether the rows went to {@link #spillTable()} rather than staying in memory. */
  boolean spilled() {
    return spilled != null;
  }

  String spillTable() {
    return spillTable;
  }

  /** The rows kept in memory; empty once they were spilled. */
  List<Object[]> kept() {
    return Collections.unmodifiableList(kept);
  }

  @Override
  public long rowsWritten() {
    return rows;
  }

  /** Commits the spilled rows, if any. */
  @Override
  public void finish() {
    if (spilled != null) {
      spilled.finish();
    }
  }

  /** Drops the spill table unless {@link #finish()} committed it; forgets the rows kept. */
  @Override
  public void close() {
    kept = List.of();
    if (spilled != null) {
      spilled.close();
    }
  }

  /** What a decoded row takes on the heap, roughly: its array and each value's object. */
  static long estimatedBytes(Object[] row) {
    long bytes = ROW_BYTES + 8L * row.length;
    for (Object value : row) {
      if (value instanceof String text) {
        bytes += 40 + 2L * text.length();
      } else if (value instanceof byte[] binary) {
        bytes += 16 + binary.length;
      } else if (value instanceof BigDecimal decimal) {
        bytes += 40 + decimal.unscaledValue().bitLength() / 8;
      } else if (value != null) {
        bytes += VALUE_BYTES;
      }
    }
    return bytes;
  }
}
