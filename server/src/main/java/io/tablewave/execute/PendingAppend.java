package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.registry.KafkaOffsetEntry;
import io.tablewave.source.kafka.KafkaColumns;
import io.tablewave.source.kafka.PartitionRange;
import io.tablewave.store.Store;
import io.tablewave.store.TableWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of an incremental refresh, not yet appended: in a delta table of the store, or, when
 * few, kept in memory. {@link #appendTo} adds them to the table inside the caller's transaction;
 * closing drops the delta table.
 *
 * @param delta where the rows are
 * @param rows the number of rows
 * @param offsetsAfter every partition the table has read, with its next offset once these rows are
 *     in
 * @param ranges what this refresh read, by topic
 */
public record PendingAppend(
    Store store,
    Delta delta,
    String targetPhysical,
    List<String> columns,
    long rows,
    long badRecords,
    String issues,
    List<KafkaOffsetEntry> offsetsAfter,
    Map<String, List<PartitionRange>> ranges)
    implements AutoCloseable {
  private static final int CANCEL_CHECK_ROWS = 1_000;

  public PendingAppend {
    requireNonNull(store, "store is null");
    requireNonNull(delta, "delta is null");
    requireNonNull(targetPhysical, "targetPhysical is null");
    columns = List.copyOf(columns);
    offsetsAfter = List.copyOf(offsetsAfter);
    ranges = Map.copyOf(ranges);
  }

  /** Where the rows of a refresh wait to be appended. */
  public sealed interface Delta {}

  /** In a table of the store, which holds them and only them. */
  public record InTable(String table) implements Delta {
    public InTable {
      requireNonNull(table, "table is null");
    }
  }

  /**
   * In memory, each row with the values of {@code columns}, the columns of the table they go to.
   */
  public record InMemory(List<Column> columns, List<Object[]> rows) implements Delta {
    public InMemory {
      columns = List.copyOf(columns);
      requireNonNull(rows, "rows is null");
    }
  }

  /** The table that holds the rows, if they are in one. */
  public Optional<String> deltaTable() {
    return delta instanceof InTable inTable ? Optional.of(inTable.table()) : Optional.empty();
  }

  /**
   * Appends the delta's rows to the table on {@code connection}, in its transaction, stoppable by
   * {@code token}.
   *
   * @throws SQLException when the store appended another number of rows than the delta holds (the
   *     caller's transaction must then roll back)
   */
  public void appendTo(Connection connection, CancellationToken token) throws SQLException {
    long appended;
    String from;
    if (delta instanceof InMemory inMemory) {
      appended = write(connection, inMemory, token);
      from = "the refresh's rows";
    } else {
      String deltaTable = ((InTable) delta).table();
      from = deltaTable;
      if (store.appendsInRegistryTransaction()) {
        appended =
            store.appendRows(
                connection, deltaTable, targetPhysical, columns, StatementWatch.of(token));
      } else {
        appended = repairAndAppend(deltaTable, token);
      }
    }
    if (appended != rows) {
      throw new SQLException(
          "appending to "
              + targetPhysical
              + " added "
              + appended
              + " rows where "
              + from
              + " holds "
              + rows);
    }
  }

  /** Writes rows kept in memory through the store's bulk path, in the caller's transaction. */
  private long write(Connection connection, InMemory inMemory, CancellationToken token) {
    try (TableWriter writer = store.openWriter(connection, targetPhysical, inMemory.columns())) {
      for (Object[] row : inMemory.rows()) {
        if (writer.rowsWritten() % CANCEL_CHECK_ROWS == 0 && token.isCancelled()) {
          throw new TablewaveException(ErrorCode.CANCELLED, token.reason());
        }
        writer.accept(row);
      }
      writer.finish();
      return writer.rowsWritten();
    }
  }

  /**
   * For a store that commits each statement on its own: removes what a refresh that crashed before
   * the registry recorded its offsets appended (the rows at or past the offsets this refresh starts
   * from), then appends on a connection of the store. Run again after a crash, it leaves every
   * record once.
   */
  private long repairAndAppend(String deltaTable, CancellationToken token) throws SQLException {
    boolean carriesOffsets =
        columns.stream().anyMatch(KafkaColumns.PARTITION::equalsIgnoreCase)
            && columns.stream().anyMatch(KafkaColumns.OFFSET::equalsIgnoreCase);
    if (ranges.size() != 1 || !carriesOffsets) {
      throw new TablewaveException(
          ErrorCode.LOAD_FAILED,
          "An incremental refresh into "
              + store.kind()
              + " appends outside the registry's transaction, so it needs a table of one topic"
              + " that keeps the _partition and _offset columns to repair a crashed refresh; "
              + targetPhysical
              + " reads "
              + ranges.keySet()
              + (carriesOffsets ? "" : " without both columns")
              + ". Use REFRESH TABLE ... FULL, or keep _partition and _offset");
    }
    Map<Integer, Long> from = new LinkedHashMap<>();
    ranges.values().iterator().next().forEach(r -> from.put(r.partition(), r.startOffset()));
    store.deleteFromOffsets(targetPhysical, from);
    try (Connection storeConnection = store.dataSource().getConnection()) {
      return store.appendRows(
          storeConnection, deltaTable, targetPhysical, columns, StatementWatch.of(token));
    }
  }

  /** What was read, as {@code topic/partition:from-to} (to exclusive), empty ranges left out. */
  public String describeRanges() {
    StringBuilder text = new StringBuilder();
    ranges.keySet().stream()
        .sorted()
        .forEach(
            topic ->
                ranges.get(topic).stream()
                    .filter(range -> range.size() > 0)
                    .forEach(
                        range ->
                            text.append(text.length() == 0 ? "" : ", ")
                                .append(topic)
                                .append('/')
                                .append(range.partition())
                                .append(':')
                                .append(range.startOffset())
                                .append('-')
                                .append(range.endOffset())));
    return text.toString();
  }

  @Override
  public void close() {
    deltaTable().ifPresent(store::dropTableIfExists);
  }
}
