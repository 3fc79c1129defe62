package io.tablewave.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each example run against a demo-mode server, with its Kafka broker and demo topics. */
class ExamplesTest {
  private static TestServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = TestServer.start(TestStore.DUCKDB, Map.of(ServerOption.DEMO, "true"));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void thePooledAppLoadsItsDagDependenciesFirstAndReadsTheBatchBack() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int[] rowsLoaded;
    try (HikariDataSource pool = PooledBatchApp.pool(server.url())) {
      rowsLoaded = PooledBatchApp.run(pool, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    assertThat(rowsLoaded).containsExactly(3, 3, 2, 6);
    assertThat(
            printed
                .toString(StandardCharsets.UTF_8)
                .lines()
                .filter(line -> line.startsWith("wave")))
        .containsExactly(
            "wave 1  APP_SALES          SUCCEEDED 6 rows (statement 3)",
            "wave 2  APP_DAILY_SALES    SUCCEEDED 3 rows (statement 1)",
            "wave 2  APP_DAILY_RETURNS  SUCCEEDED 2 rows (statement 2)",
            "wave 3  APP_DAILY_REPORT   SUCCEEDED 3 rows (statement 0)");
    assertThat(
            rows(
                "SELECT CAST(sale_day AS VARCHAR(10)), revenue, returned FROM app_daily_report ORDER BY 1"))
        .containsExactly(
            List.of("2026-11-01", "200.0", "20.0"),
            List.of("2026-11-02", "300.0", "50.0"),
            Arrays.asList("2026-11-03", "75.0", null));
  }

  @Test
  void theDemoPipelineLoadsTwentyTablesUnderAProgressBar() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();

    long batchId =
        ProgressBarApp.run(
            server.url(),
            ProgressBarApp.demoPipeline(),
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(lines)
        .first()
        .asString()
        .matches("batch " + batchId + ": http://[^/]+/ui/\\?batch=" + batchId);
    assertThat(lines).last().isEqualTo("batch " + batchId + " SUCCEEDED: 20 tables loaded");
    assertThat(lines.get(lines.size() - 2)).startsWith("[" + "#".repeat(30) + "]  20/20 tables");
    assertThat(
            rows(
                "SELECT STATUS, COUNT(*), MAX(WAVE) FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batchId
                    + " GROUP BY STATUS"))
        .containsExactly(List.of("SUCCEEDED", "20", "6"));
    assertThat(
            rows(
                "SELECT ROW_COUNT, BAD_RECORDS, HEALTH FROM SYS.TABLES WHERE TABLE_NAME = 'STG_ORDERS'"))
        .containsExactly(List.of("2997", "3", "DEGRADED"));
    assertThat(
            rows(
                "SELECT (SELECT ROUND(SUM(revenue), 2) FROM mart_revenue_by_country)"
                    + " - (SELECT ROUND(SUM(amount), 2) FROM cln_orders) FROM (VALUES (0))"))
        .as("amounts with two decimals are DECIMAL(18, 2), so the totals agree exactly")
        .containsExactly(List.of("0.00"));
    assertThat(rows("SELECT COUNT(*) FROM mart_top_customers")).containsExactly(List.of("10"));
    assertThat(rows("SELECT COUNT(*) FROM mart_customer_360")).containsExactly(List.of("200"));
    // the demo data writes every 250th order three days late
    assertThat(rows("SELECT COUNT(*) FROM cln_late_orders"))
        .isEqualTo(
            rows(
                "SELECT COUNT(*) FROM stg_orders WHERE status = 'PAID' AND MOD(order_id, 250) = 0"))
        .isNotEqualTo(List.of(List.of("0")));
  }

  private static List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(server.url());
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      int columns = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          row.add(result.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }
}
