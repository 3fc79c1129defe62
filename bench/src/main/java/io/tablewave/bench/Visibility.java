package io.tablewave.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * When each record of a {@link SequencedStream} became visible in one table, from polls of the
 * table's per-partition maximum sequence number: a record is visible from the first poll that shows
 * its partition's number at or above its own.
 */
final class Visibility {
  private final String query;
  private final SequencedStream stream;
  private final int measuredFrom;
  private final Map<Integer, Long> shown = new HashMap<>();
  private final List<Double> latencies = new ArrayList<>();
  private long visible;

  /**
   * @param query returns (partition, highest sequence number shown)
   * @param measuredFrom records numbered below it count as visible but add no latency
   */
  Visibility(String query, SequencedStream stream, int measuredFrom) {
    this.query = query;
    this.stream = stream;
    this.measuredFrom = measuredFrom;
  }

  synchronized void poll(Connection connection) throws SQLException {
    long now = System.currentTimeMillis();
    int partitions = stream.partitions();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(query)) {
      while (rs.next()) {
        int partition = rs.getInt(1);
        long max = rs.getLong(2);
        long before = shown.getOrDefault(partition, -1L);
        for (long seq = firstOf(partition, before + 1, partitions); seq <= max; seq += partitions) {
          if (seq >= measuredFrom) {
            latencies.add((double) (now - stream.producedAt(seq)));
          }
          visible++;
        }
        shown.put(partition, Math.max(before, max));
      }
    }
  }

  private static long firstOf(int partition, long from, int partitions) {
    long seq = from - Math.floorMod(from, partitions) + partition;
    return seq < from ? seq + partitions : seq;
  }

  synchronized long visible() {
    return visible;
  }

  synchronized double percentile(double share) {
    return latencies.isEmpty() ? Double.NaN : Timing.percentile(latencies, share);
  }
}
