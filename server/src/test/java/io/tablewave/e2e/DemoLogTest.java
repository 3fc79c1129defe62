package io.tablewave.e2e;

import static io.tablewave.testing.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.testing.ServerProcess;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --demo} as a newcomer runs it, with the production logging configuration: the README's
 * Kafka tour adds money up exactly, and the log stays free of the broker's warnings about records
 * stamped in the future, also after the broker's first retention check (30 s after it starts).
 */
class DemoLogTest {
  private static final long RETENTION_CHECKED_AFTER_MILLIS = 40_000;

  @TempDir Path directory;

  @Test
  void theReadmeKafkaTourPrintsMoneyAndTheLogHasNoFutureTimestampWarnings() throws Exception {
    long started = System.currentTimeMillis();
    try (ServerProcess server =
        ServerProcess.start(
            List.of("-Xmx512m", "-Dlogback.configurationFile=logback.xml"),
            directory.resolve("data"),
            List.of("--demo"))) {
      try (Connection connection = DriverManager.getConnection(server.url());
          Statement statement = connection.createStatement()) {
        statement.execute(
            """
            CREATE TABLE customers AS SELECT * FROM kafka://customers;
            CREATE TABLE orders_clean WITH ('on-bad-record' = 'skip') AS
              SELECT * FROM kafka://orders;
            CREATE TABLE revenue_by_country AS
              SELECT c.country, COUNT(*) AS orders, SUM(o.amount) AS revenue
              FROM orders_clean o JOIN customers c ON o.customer_id = c.customer_id
              GROUP BY c.country;
            CREATE TABLE clicks_clean WITH ('on-bad-record' = 'skip') AS SELECT * FROM kafka://clicks;
            """);
        List<List<Object>> revenue =
            rows(connection, "SELECT country, revenue FROM revenue_by_country");
        assertThat(revenue).hasSize(6);
        for (List<Object> row : revenue) {
          assertThat(row.get(1)).isInstanceOf(BigDecimal.class);
          assertThat(row.get(1).toString())
              .as("revenue of %s", row.get(0))
              .matches("\\d+\\.\\d{2}");
        }
      }
      long wait = started + RETENTION_CHECKED_AFTER_MILLIS - System.currentTimeMillis();
      if (wait > 0) {
        Thread.sleep(wait);
      }
      String log = server.output();
      assertThat(log).contains("demo Kafka broker on");
      assertThat(log).doesNotContain("LogFutureTimestampLogger").doesNotContain("future timestamp");
      assertThat(
              log.lines()
                  .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                  .toList())
          .as(log)
          .isEmpty();
    }
  }
}
