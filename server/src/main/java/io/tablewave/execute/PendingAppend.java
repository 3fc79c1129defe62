package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import io.tablewave.registry.KafkaOffsetEntry;
import io.tablewave.source.kafka.PartitionRange;
import io.tablewave.store.Store;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * The rows of an incremental refresh, built into a delta table of the store and not yet appended.
 * {@link #appendTo} adds them to the table inside the caller's transaction; closing drops the delta
 * table.
 *
 * @param rows the rows of the delta table
 * @param offsetsAfter every partition the table has read, with its next offset once these rows are
 *     in
 * @param ranges what this refresh read, by topic
 */
public record PendingAppend(
    Store store,
    String deltaTable,
    String targetPhysical,
    List<String> columns,
    long rows,
    long badRecords,
    String issues,
    List<KafkaOffsetEntry> offsetsAfter,
    Map<String, List<PartitionRange>> ranges)
    implements AutoCloseable {
  public PendingAppend {
    requireNonNull(store, "store is null");
    requireNonNull(deltaTable, "deltaTable is null");
    requireNonNull(targetPhysical, "targetPhysical is null");
    columns = List.copyOf(columns);
    offsetsAfter = List.copyOf(offsetsAfter);
    ranges = Map.copyOf(ranges);
  }

  /**
   * Appends the delta's rows to the table on {@code connection}, in its transaction, stoppable by
   * {@code token}.
   *
   * @throws SQLException when the store appended another number of rows than the delta holds (the
   *     caller's transaction must then roll back)
   */
  public void appendTo(Connection connection, CancellationToken token) throws SQLException {
    long appended =
        store.appendRows(connection, deltaTable, targetPhysical, columns, StatementWatch.of(token));
    if (appended != rows) {
      throw new SQLException(
          "appending to "
              + targetPhysical
              + " added "
              + appended
              + " rows where "
              + deltaTable
              + " holds "
              + rows);
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
    store.dropTableIfExists(deltaTable);
  }
}
