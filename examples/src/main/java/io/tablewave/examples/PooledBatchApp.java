package io.tablewave.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintStream;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * A Java application that keeps its Tablewave connections in a HikariCP pool, submits a small DAG
 * of CTAS statements with one {@code executeBatch} (in no particular order) and reads back how each
 * table loaded from {@code SYS.BATCH_TABLES}.
 *
 * <pre>
 * java -cp examples/target/tablewave-examples.jar io.tablewave.examples.PooledBatchApp [JDBC URL]
 * </pre>
 */
public final class PooledBatchApp {
  /** A daily sales report in four tables; the report comes first, Tablewave orders them. */
  static final List<String> STATEMENTS =
      List.of(
          "CREATE OR REPLACE TABLE app_daily_report AS"
              + " SELECT s.sale_day, s.revenue, r.returned FROM app_daily_sales s"
              + " LEFT JOIN app_daily_returns r ON r.sale_day = s.sale_day",
          "CREATE OR REPLACE TABLE app_daily_sales AS"
              + " SELECT sale_day, SUM(amount) AS revenue FROM app_sales WHERE amount > 0 GROUP BY sale_day",
          "CREATE OR REPLACE TABLE app_daily_returns AS"
              + " SELECT sale_day, -SUM(amount) AS returned FROM app_sales WHERE amount < 0 GROUP BY sale_day",
          "CREATE OR REPLACE TABLE app_sales AS SELECT * FROM (VALUES"
              + " (DATE '2026-11-01', 120.0), (DATE '2026-11-01', 80.0), (DATE '2026-11-01', -20.0),"
              + " (DATE '2026-11-02', 300.0), (DATE '2026-11-02', -50.0), (DATE '2026-11-03', 75.0))"
              + " AS t(sale_day, amount)");

  private static final String BATCH_TABLES =
      "SELECT STATEMENT_INDEX, TABLE_NAME, WAVE, STATUS, ROWS_LOADED"
          + " FROM SYS.BATCH_TABLES WHERE BATCH_ID = (SELECT MAX(BATCH_ID) FROM SYS.BATCH_TABLES WHERE TABLE_NAME = ?)"
          + " ORDER BY WAVE, STATEMENT_INDEX";

  private PooledBatchApp() {}

  public static void main(String[] arguments) throws SQLException {
    String url = arguments.length > 0 ? arguments[0] : "jdbc:tablewave://localhost:8765";
    try (HikariDataSource pool = pool(url)) {
      run(pool, System.out);
    }
  }

  static HikariDataSource pool(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setPoolName("tablewave");
    config.setMaximumPoolSize(4);
    // A batch can run for minutes: the pool must not take the connection back meanwhile.
    config.setConnectionTimeout(10_000);
    return new HikariDataSource(config);
  }

  /**
   * Submits the batch and prints one line per table in load order; returns the rows loaded per
   * statement.
   */
  static int[] run(HikariDataSource pool, PrintStream out) throws SQLException {
    int[] rowsLoaded;
    try (Connection connection = pool.getConnection();
        Statement statement = connection.createStatement()) {
      for (String sql : STATEMENTS) {
        statement.addBatch(sql);
      }
      try {
        rowsLoaded = statement.executeBatch();
      } catch (BatchUpdateException e) {
        out.println("some tables did not load: " + e.getMessage());
        rowsLoaded = e.getUpdateCounts();
      }
    }
    out.println("rows loaded per statement: " + Arrays.toString(rowsLoaded));
    try (Connection connection = pool.getConnection();
        PreparedStatement query = connection.prepareStatement(BATCH_TABLES)) {
      query.setString(1, "APP_DAILY_REPORT");
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          out.printf(
              "wave %d  %-18s %-9s %d rows (statement %d)%n",
              rows.getInt("WAVE"),
              rows.getString("TABLE_NAME"),
              rows.getString("STATUS"),
              rows.getLong("ROWS_LOADED"),
              rows.getInt("STATEMENT_INDEX"));
        }
      }
    }
    return rowsLoaded;
  }
}
