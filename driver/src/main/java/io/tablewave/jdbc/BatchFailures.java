package io.tablewave.jdbc;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the {@link BatchUpdateException} of a batch whose tables did not all load.
 *
 * <p>The server reports such a batch with error code {@value #PARTIAL_BATCH_CODE} and SQLState
 * {@value #PARTIAL_BATCH_STATE}, naming {@code batch <id>} in the first line of its message; the
 * per-statement row counts are then read from {@code SYS.BATCH_TABLES} on the same connection.
 */
final class BatchFailures {
  /** Error code of "some tables of this batch failed or were skipped". */
  static final int PARTIAL_BATCH_CODE = 1100;

  /** SQLState of "some tables of this batch failed or were skipped". */
  static final String PARTIAL_BATCH_STATE = "TW100";

  /**
   * Error code of "the batch was cancelled"; the tables it loaded before stay, with their counts.
   */
  static final int CANCELLED_BATCH_CODE = 1200;

  private static final Pattern BATCH_ID =
      Pattern.compile("\\bbatch (\\d+)", Pattern.CASE_INSENSITIVE);
  private static final String COUNTS_QUERY =
      "SELECT STATEMENT_INDEX, STATUS, ROWS_LOADED FROM SYS.BATCH_TABLES"
          + " WHERE BATCH_ID = %d ORDER BY STATEMENT_INDEX";

  private BatchFailures() {}

  /** The id of the partially failed or cancelled batch {@code e} reports, if it reports one. */
  static OptionalLong partialBatchId(SQLException e) {
    boolean batchEnded =
        e.getErrorCode() == PARTIAL_BATCH_CODE || e.getErrorCode() == CANCELLED_BATCH_CODE;
    if (!batchEnded || e.getMessage() == null) {
      return OptionalLong.empty();
    }
    Matcher matcher = BATCH_ID.matcher(e.getMessage().lines().findFirst().orElse(""));
    if (!matcher.find()) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(matcher.group(1)));
    } catch (NumberFormatException tooLong) {
      return OptionalLong.empty();
    }
  }

  /**
   * The exception {@code executeBatch} throws for {@code e}.
   *
   * @param connection the raw connection the batch ran on, used to read the row counts
   * @param statementCount how many statements the batch had
   */
  static BatchUpdateException forExecuteBatch(
      SQLException e, Connection connection, int statementCount) {
    OptionalLong batchId = partialBatchId(e);
    if (batchId.isPresent()) {
      return withServerCounts(e, connection, batchId.getAsLong(), statementCount);
    }
    return batchException(e, allFailed(statementCount));
  }

  /**
   * The exception {@code execute}, {@code executeUpdate} or {@code commit} throws for {@code e}: a
   * {@link BatchUpdateException} for a partially failed batch, {@code e} itself otherwise.
   */
  static SQLException forBatchEnd(SQLException e, Connection connection) {
    OptionalLong batchId = partialBatchId(e);
    if (batchId.isEmpty()) {
      return e;
    }
    return withServerCounts(e, connection, batchId.getAsLong(), 0);
  }

  private static BatchUpdateException withServerCounts(
      SQLException e, Connection connection, long batchId, int statementCount) {
    long[] counts;
    try {
      counts = readCounts(connection, batchId, statementCount);
    } catch (SQLException | RuntimeException countsUnreadable) {
      BatchUpdateException result = batchException(e, allFailed(statementCount));
      result.addSuppressed(countsUnreadable);
      return result;
    }
    return batchException(e, counts);
  }

  private static long[] readCounts(Connection connection, long batchId, int statementCount)
      throws SQLException {
    long[] counts = allFailed(statementCount);
    // A REFRESH statement has a row per table it reloaded: its count is their sum, failed if any
    // failed.
    boolean[] failed = new boolean[Math.max(statementCount, 0)];
    boolean[] seen = new boolean[Math.max(statementCount, 0)];
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(String.format(COUNTS_QUERY, batchId))) {
      while (rows.next()) {
        int index = rows.getInt(1);
        if (index < 0) {
          continue;
        }
        if (index >= counts.length) {
          long[] larger = allFailed(index + 1);
          System.arraycopy(counts, 0, larger, 0, counts.length);
          counts = larger;
          failed = Arrays.copyOf(failed, index + 1);
          seen = Arrays.copyOf(seen, index + 1);
        }
        String status = rows.getString(2);
        long loaded = rows.getLong(3);
        boolean loadedUnknown = rows.wasNull();
        boolean ok = "SUCCEEDED".equalsIgnoreCase(status) || "UP_TO_DATE".equalsIgnoreCase(status);
        if (!ok || failed[index]) {
          failed[index] = true;
          counts[index] = Statement.EXECUTE_FAILED;
        } else if (loadedUnknown || counts[index] == Statement.SUCCESS_NO_INFO && seen[index]) {
          counts[index] = Statement.SUCCESS_NO_INFO;
        } else {
          counts[index] = seen[index] ? counts[index] + loaded : loaded;
        }
        seen[index] = true;
      }
    }
    return counts;
  }

  private static long[] allFailed(int statementCount) {
    long[] counts = new long[Math.max(statementCount, 0)];
    Arrays.fill(counts, Statement.EXECUTE_FAILED);
    return counts;
  }

  private static BatchUpdateException batchException(SQLException e, long[] counts) {
    return new BatchUpdateException(e.getMessage(), e.getSQLState(), e.getErrorCode(), counts, e);
  }
}
