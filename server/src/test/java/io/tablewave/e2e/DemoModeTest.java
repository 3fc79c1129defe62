package io.tablewave.e2e;

import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalar;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@code --demo} with its broker on a given port, and the README's tour run as written. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DemoModeTest {
  private int kafkaPort;
  private TestServer server;
  private Connection connection;

  @BeforeAll
  void start() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      kafkaPort = socket.getLocalPort();
    }
    server =
        TestServer.start(
            TestStore.DUCKDB,
            Map.of(
                ServerOption.DEMO,
                "true",
                ServerOption.DEMO_KAFKA_PORT,
                String.valueOf(kafkaPort)));
    connection = server.connect();
  }

  @AfterAll
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theDemoBrokerListensOnTheGivenPortWithItsTopics() throws Exception {
    assertThat(
            scalar(connection, "SELECT \"VALUE\" FROM SYS.SERVER WHERE NAME = 'kafka_bootstrap'"))
        .isEqualTo("127.0.0.1:" + kafkaPort);
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'KAFKA'"
                    + " ORDER BY 1"))
        .containsExactly(List.of("clicks"), List.of("customers"), List.of("orders"));
    assertThat(rows(connection, "SELECT * FROM KAFKA.\"orders\" LIMIT 10")).hasSize(10);
  }

  @Test
  void theReadmeTourRunsAsWritten() throws Exception {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          """
          CREATE TABLE daily_revenue AS
            SELECT order_day, SUM(amount) AS revenue FROM big_orders GROUP BY order_day;

          CREATE TABLE big_orders AS
            SELECT * FROM orders WHERE amount >= 100;

          CREATE TABLE orders AS
            SELECT * FROM (VALUES (1, DATE '2026-11-01', 250.0),
                                  (2, DATE '2026-11-01',  40.0),
                                  (3, DATE '2026-11-02', 120.0)) AS t(id, order_day, amount);

          CREATE TABLE order_count WITH ('owner' = 'finance') AS
            SELECT COUNT(*) AS n FROM orders;
          """);
    }
    long batch = scalarLong(connection, "SELECT MAX(BATCH_ID) FROM SYS.BATCHES");
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, WAVE, STATUS FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batch
                    + " ORDER BY WAVE, TABLE_NAME"))
        .containsExactly(
            List.of("ORDERS", 1, "SUCCEEDED"),
            List.of("BIG_ORDERS", 2, "SUCCEEDED"),
            List.of("ORDER_COUNT", 2, "SUCCEEDED"),
            List.of("DAILY_REVENUE", 3, "SUCCEEDED"));
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM daily_revenue")).isEqualTo(2);
    assertThat(
            scalar(
                connection, "SELECT PROPERTIES FROM SYS.TABLES WHERE TABLE_NAME = 'ORDER_COUNT'"))
        .isEqualTo("{\"owner\":\"finance\"}");
    assertThat(rows(connection, "EXPLAIN CREATE TABLE x AS SELECT * FROM orders")).hasSize(1);

    assertThatThrownBy(
            () ->
                connection
                    .createStatement()
                    .execute("CREATE TABLE strict_orders AS" + " SELECT * FROM kafka://orders"))
        .isInstanceOf(SQLException.class)
        .hasMessageMatching(
            "(?s).*bad record in topic orders partition \\d offset \\d+: malformed JSON.*"
                + "use WITH \\('on-bad-record' = 'skip'\\).*");

    try (Statement statement = connection.createStatement()) {
      statement.execute(
          """
          CREATE TABLE customers AS SELECT * FROM kafka://customers;
          CREATE TABLE orders_clean WITH ('on-bad-record' = 'skip') AS
            SELECT * FROM kafka://orders;
          CREATE TABLE revenue_by_country AS
            SELECT c.country, COUNT(*) AS orders, SUM(o.amount) AS revenue
            FROM orders_clean o JOIN customers c ON o.customer_id = c.customer_id
            GROUP BY c.country;
          """);
    }
    assertThat(
            rows(
                connection,
                "SELECT HEALTH, BAD_RECORDS FROM SYS.TABLES WHERE TABLE_NAME = 'ORDERS_CLEAN'"))
        .containsExactly(List.of("DEGRADED", 3L));
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM revenue_by_country")).isPositive();
    assertThat(
            scalarLong(
                connection,
                "SELECT COUNT(*) FROM SYS.KAFKA_OFFSETS WHERE TABLE_NAME = 'ORDERS_CLEAN'"))
        .isPositive();
  }
}
