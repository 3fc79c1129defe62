package io.tablewave.cli;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Follows one batch from a connection of its own, as any client can: the batch is the first one submitted
 * after {@code submittedAfter} that creates {@code firstTable}.
 */
final class BatchWatcher {
  private static final String FIND = "SELECT MIN(BATCH_ID) FROM SYS.BATCH_TABLES WHERE BATCH_ID > ? AND TABLE_NAME = ?";
  private static final String COUNTS = "SELECT STATUS, COUNT(*), SUM(ROWS_LOADED) FROM SYS.BATCH_TABLES"
      + " WHERE BATCH_ID = ? GROUP BY STATUS";
  private static final String LOADING = "SELECT SUM(ROWS_PER_SECOND), SUM(ROWS_LOADED) FROM SYS.PROGRESS"
      + " WHERE BATCH_ID = ? AND STATUS = 'LOADING'";

  private final Connection connection;
  private final long submittedAfter;
  private final String firstTable;
  private final long startedAtNanos = System.nanoTime();
  private long batchId;

  BatchWatcher(Connection connection, long submittedAfter, String firstTable) {
    this.connection = connection;
    this.submittedAfter = submittedAfter;
    this.firstTable = firstTable;
  }

  /** The newest batch id before the script is submitted. */
  static long latestBatchId(Connection connection) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement("SELECT MAX(BATCH_ID) FROM SYS.BATCHES");
        ResultSet rows = statement.executeQuery()) {
      return rows.next() ? rows.getLong(1) : 0;
    }
  }

  /** The batch's id, once the server has registered it. */
  OptionalLong batchId() throws SQLException {
    if (batchId == 0) {
      try (PreparedStatement statement = connection.prepareStatement(FIND)) {
        statement.setLong(1, submittedAfter);
        statement.setString(2, firstTable);
        try (ResultSet rows = statement.executeQuery()) {
          if (rows.next()) {
            batchId = rows.getLong(1);
          }
        }
      }
    }
    return batchId == 0 ? OptionalLong.empty() : OptionalLong.of(batchId);
  }

  /** Where the batch stands now, or empty before the server has registered it. */
  Optional<BatchProgress> progress() throws SQLException {
    OptionalLong id = batchId();
    if (id.isEmpty()) {
      return Optional.empty();
    }
    int total = 0;
    int succeeded = 0;
    int failed = 0;
    int skipped = 0;
    int loading = 0;
    long rows = 0;
    try (PreparedStatement statement = connection.prepareStatement(COUNTS)) {
      statement.setLong(1, id.getAsLong());
      try (ResultSet counts = statement.executeQuery()) {
        while (counts.next()) {
          int count = counts.getInt(2);
          total += count;
          switch (counts.getString(1)) {
            case "SUCCEEDED" -> {
              succeeded += count;
              rows += counts.getLong(3);
            }
            case "FAILED" -> failed += count;
            case "SKIPPED", "CANCELLED" -> skipped += count;
            case "LOADING" -> loading += count;
            default -> {
            }
          }
        }
      }
    }
    double rate = 0;
    try (PreparedStatement statement = connection.prepareStatement(LOADING)) {
      statement.setLong(1, id.getAsLong());
      try (ResultSet result = statement.executeQuery()) {
        if (result.next()) {
          rate = result.getDouble(1);
          rows += result.getLong(2);
        }
      }
    }
    long elapsed = (System.nanoTime() - startedAtNanos) / 1_000_000;
    return Optional.of(new BatchProgress(id.getAsLong(), total, succeeded, failed, skipped, loading, rows, rate,
        elapsed));
  }
}
