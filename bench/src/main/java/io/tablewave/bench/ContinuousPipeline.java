package io.tablewave.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The pipeline both continuous benchmarks run: a continuous table over a topic of a {@link
 * SequencedStream}, and an aggregate downstream of it that the server refreshes after it.
 */
final class ContinuousPipeline {
  private final SequencedStream stream;
  private final Visibility raw;
  private final Visibility totals;

  ContinuousPipeline(SequencedStream stream, int measuredFrom) {
    this.stream = stream;
    this.raw =
        new Visibility(
            "SELECT _partition, MAX(seq) FROM stream_raw GROUP BY _partition",
            stream,
            measuredFrom);
    this.totals =
        new Visibility(
            "SELECT p, MAX(last_seq) FROM stream_totals GROUP BY p", stream, measuredFrom);
  }

  void create(Connection connection, String topic) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.addBatch(
          "CREATE TABLE stream_raw WITH ('refresh' = 'continuous') AS SELECT * FROM kafka://"
              + topic);
      statement.addBatch(
          "CREATE TABLE stream_totals AS SELECT _partition AS p, COUNT(*) AS n,"
              + " MAX(seq) AS last_seq FROM stream_raw GROUP BY _partition");
      statement.executeBatch();
    }
  }

  Visibility raw() {
    return raw;
  }

  Visibility totals() {
    return totals;
  }

  void poll(Connection connection) throws SQLException {
    raw.poll(connection);
    totals.poll(connection);
  }

  /** Whether both tables show every record produced so far. */
  boolean caughtUp() {
    long produced = stream.produced();
    return raw.visible() >= produced && totals.visible() >= produced;
  }

  /** What the tables hold at the end, against the records produced. */
  Exactness exactness(Connection connection) throws SQLException {
    return new Exactness(
        stream.produced(),
        Jdbc.scalar(connection, "SELECT COUNT(*) FROM stream_raw"),
        Jdbc.scalar(connection, "SELECT COUNT(DISTINCT seq) FROM stream_raw"),
        Jdbc.scalar(connection, "SELECT SUM(n) FROM stream_totals"));
  }

  /**
   * Adds what {@code SYS.CONTINUOUS_REFRESHES} says of the server's refreshes of {@code table}: how
   * many succeeded, how many of those were incremental, and their median duration and rows.
   */
  static Report addRefreshes(Report report, Connection connection, String table)
      throws SQLException {
    List<Double> millis = new ArrayList<>();
    List<Double> rows = new ArrayList<>();
    int incremental = 0;
    try (Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT MODE, STARTED_AT, FINISHED_AT, ROWS_LOADED FROM SYS.CONTINUOUS_REFRESHES"
                    + " WHERE TABLE_NAME = '"
                    + table
                    + "' AND STATUS = 'SUCCEEDED'")) {
      while (rs.next()) {
        if ("INCREMENTAL".equals(rs.getString(1))) {
          incremental++;
        }
        millis.add((double) (rs.getTimestamp(3).getTime() - rs.getTimestamp(2).getTime()));
        rows.add((double) rs.getLong(4));
      }
    }
    String name = table.toLowerCase(java.util.Locale.ROOT);
    report
        .measure(name + ": refreshes that succeeded", millis.size(), "count")
        .measure(name + ": of them incremental", incremental, "count");
    if (!millis.isEmpty()) {
      report
          .measure(name + ": refresh duration, median", Timing.percentile(millis, 0.5), "ms")
          .measure(name + ": rows per refresh, median", Timing.percentile(rows, 0.5), "rows");
    }
    return report;
  }

  /** Rows of the continuous table, its distinct records, and the aggregate's count. */
  record Exactness(long produced, long rows, long distinct, long counted) {
    boolean exact() {
      return rows == produced && distinct == produced && counted == produced;
    }

    Report addTo(Report report) {
      return report
          .measure("rows in the table at the end", rows, "rows")
          .measure("distinct records in the table", distinct, "rows")
          .measure("records counted by the aggregate", counted, "rows")
          .measure("every record exactly once in both (1 = yes)", exact() ? 1 : 0, "flag");
    }
  }
}
