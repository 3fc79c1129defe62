package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.lastBatchId;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalar;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import io.tablewave.testing.TopicWriter;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seed's CTAS + TableRegistry scenarios ({@code ctas_registry_integration_test.rs}), one test
 * per seed test, through the driver against a real server and a real Kafka broker; the registry is
 * read the way users read it, through the SYS tables and JDBC metadata.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CtasRegistryIT {
  private EmbeddedKafka kafka;
  private TopicWriter topics;
  private TestServer server;
  private Connection connection;

  @BeforeAll
  void start() throws Exception {
    kafka = EmbeddedKafka.start();
    topics = new TopicWriter(kafka.bootstrapServers());
    kafka.createTopic("users", 2);
    List<String> users = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      users.add(
          "{\"user_id\": "
              + i
              + ", \"name\": \"user"
              + i
              + "\", \"plan\": \""
              + (i % 5 == 0 ? "pro" : "free")
              + "\"}");
    }
    topics.write("users", 2, users);
    server = startServer(Map.of());
    connection = server.connect();
  }

  private TestServer startServer(Map<ServerOption, String> extra) throws Exception {
    Map<ServerOption, String> options = new java.util.EnumMap<>(ServerOption.class);
    options.put(ServerOption.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
    options.putAll(extra);
    return TestServer.start(TestStore.DUCKDB, options);
  }

  @AfterAll
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
    if (topics != null) {
      topics.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void ctasTableRegistrationSuccess() throws Exception {
    assertThat(executeBatch(connection, "CREATE TABLE users AS SELECT * FROM kafka://users"))
        .containsExactly(50);
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATUS, ROW_COUNT FROM SYS.TABLES WHERE TABLE_NAME = 'USERS'"))
        .containsExactly(List.of("USERS", "ACTIVE", 50L));
    assertThat(
            rows(
                connection,
                "SELECT TABLE_TYPE FROM INFORMATION_SCHEMA.TABLES"
                    + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'USERS'"))
        .containsExactly(List.of("BASE TABLE"));
    List<String> listed = new ArrayList<>();
    try (ResultSet tables =
        connection.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
      while (tables.next()) {
        listed.add(tables.getString("TABLE_NAME"));
      }
    }
    assertThat(listed).contains("USERS");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM users WHERE plan = 'pro'"))
        .isEqualTo(10);
  }

  @Test
  void ctasRegistryMetadataPropagation() throws Exception {
    String sql =
        "CREATE TABLE pro_users WITH ('owner' = 'growth', 'retention' = '30d',"
            + " 'scan.startup.mode' = 'earliest-offset') AS SELECT user_id, name FROM kafka://users WHERE plan = 'pro'";
    execute(connection, sql);
    long batch = lastBatchId(connection);
    List<Object> row =
        rows(
                connection,
                "SELECT SQL_TEXT, PROPERTIES, BATCH_ID, WAVE, ROW_COUNT, CREATED_AT,"
                    + " UPDATED_AT, LOAD_MILLIS FROM SYS.TABLES WHERE TABLE_NAME = 'PRO_USERS'")
            .get(0);
    assertThat(row.get(0)).isEqualTo(sql);
    assertThat((String) row.get(1))
        .contains(
            "\"owner\":\"growth\"",
            "\"retention\":\"30d\"",
            "\"scan.startup.mode\":\"earliest-offset\"");
    assertThat(((Number) row.get(2)).longValue()).isEqualTo(batch);
    assertThat(row.get(3)).isEqualTo(1);
    assertThat(row.get(4)).isEqualTo(10L);
    assertThat((Timestamp) row.get(5)).isNotNull();
    assertThat(((Number) row.get(7)).longValue()).isNotNegative();
    assertThat(
            rows(
                connection,
                "SELECT DEPENDS_ON, KIND FROM SYS.DEPENDENCIES WHERE TABLE_NAME = 'PRO_USERS'"))
        .containsExactly(List.of("users", "KAFKA_TOPIC"));
    assertThat(
            rows(
                connection,
                "SELECT \"PARTITION\", START_OFFSET, END_OFFSET FROM SYS.KAFKA_OFFSETS"
                    + " WHERE TABLE_NAME = 'PRO_USERS' ORDER BY 1"))
        .containsExactly(List.of(0, 0L, 25L), List.of(1, 0L, 25L));
    assertThat(
            rows(
                connection,
                "SELECT COLUMN_NAME FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'PRO_USERS'"
                    + " ORDER BY ORDINAL_POSITION"))
        .containsExactly(List.of("USER_ID"), List.of("NAME"));
  }

  @Test
  void ctasDuplicateTableName() throws Exception {
    execute(
        connection,
        "CREATE TABLE first_copy AS SELECT user_id, name FROM kafka://users WHERE user_id < 3");
    List<List<Object>> before =
        rows(
            connection,
            "SELECT TABLE_NAME, BATCH_ID, ROW_COUNT, UPDATED_AT, SQL_TEXT"
                + " FROM SYS.TABLES WHERE TABLE_NAME = 'FIRST_COPY'");
    List<List<Object>> data = rows(connection, "SELECT * FROM first_copy ORDER BY user_id");
    assertThatThrownBy(() -> execute(connection, "CREATE TABLE first_copy AS SELECT 1 AS other"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("FIRST_COPY")
        .hasMessageContaining("already exists");
    assertThatThrownBy(
            () ->
                executeBatch(
                    connection,
                    "CREATE TABLE twice_in_batch AS SELECT 1 AS x",
                    "CREATE TABLE twice_in_batch AS SELECT 2 AS x"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("TWICE_IN_BATCH");
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, BATCH_ID, ROW_COUNT, UPDATED_AT, SQL_TEXT FROM SYS.TABLES"
                    + " WHERE TABLE_NAME = 'FIRST_COPY'"))
        .as("the first table's registry entry is untouched")
        .isEqualTo(before);
    assertThat(rows(connection, "SELECT * FROM first_copy ORDER BY user_id"))
        .as("and so is its data")
        .isEqualTo(data);
    assertThat(data).hasSize(3);
    assertThat(rows(connection, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME = 'TWICE_IN_BATCH'"))
        .isEmpty();
  }

  @Test
  void ctasConcurrentRegistration() throws Exception {
    long tablesBefore = scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES");
    CyclicBarrier start = new CyclicBarrier(3);
    List<CompletableFuture<Throwable>> distinct = new ArrayList<>();
    for (String name : List.of("concurrent_a", "concurrent_b", "concurrent_c")) {
      distinct.add(
          CompletableFuture.supplyAsync(
              () ->
                  createAfter(start, "CREATE TABLE " + name + " AS SELECT * FROM kafka://users")));
    }
    for (CompletableFuture<Throwable> result : distinct) {
      assertThat(result.get(60, TimeUnit.SECONDS)).isNull();
    }
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES"))
        .isEqualTo(tablesBefore + 3);
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATUS, ROW_COUNT FROM SYS.TABLES WHERE TABLE_NAME LIKE"
                    + " 'CONCURRENT%' ORDER BY 1"))
        .containsExactly(
            List.of("CONCURRENT_A", "ACTIVE", 50L),
            List.of("CONCURRENT_B", "ACTIVE", 50L),
            List.of("CONCURRENT_C", "ACTIVE", 50L));

    CyclicBarrier race = new CyclicBarrier(3);
    List<CompletableFuture<Throwable>> same = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      int writer = i;
      same.add(
          CompletableFuture.supplyAsync(
              () ->
                  createAfter(
                      race,
                      "CREATE TABLE contested AS SELECT "
                          + writer
                          + " AS writer, COUNT(*) AS n FROM kafka://users")));
    }
    int won = 0;
    for (CompletableFuture<Throwable> result : same) {
      Throwable failure = result.get(60, TimeUnit.SECONDS);
      if (failure == null) {
        won++;
      } else {
        assertThat(failure)
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("CONTESTED")
            .hasMessageContaining("already");
      }
    }
    assertThat(won).as("exactly one writer creates the contested name").isEqualTo(1);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM contested")).isEqualTo(1);
  }

  private Throwable createAfter(CyclicBarrier barrier, String sql) {
    try (Connection own = server.connect();
        Statement statement = own.createStatement()) {
      barrier.await(30, TimeUnit.SECONDS);
      statement.execute(sql);
      return null;
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void ctasRegistryStateConsistencyAfterError() throws Exception {
    execute(connection, "CREATE TABLE steady AS SELECT user_id, plan FROM kafka://users");
    long tables = scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES");
    assertThatThrownBy(
            () ->
                executeBatch(
                    connection,
                    "CREATE TABLE never_there AS SELECT CAST(name AS INTEGER) AS n FROM kafka://users",
                    "CREATE OR REPLACE TABLE steady AS SELECT user_id, CAST(plan AS INTEGER) AS plan FROM kafka://users"))
        .isInstanceOf(BatchUpdateException.class)
        .hasMessageContaining("NEVER_THERE failed")
        .hasMessageContaining("STEADY failed");
    long batch = lastBatchId(connection);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES"))
        .as("a failed first load registers nothing")
        .isEqualTo(tables);
    assertThat(rows(connection, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME = 'NEVER_THERE'"))
        .isEmpty();
    assertThat(rows(connection, "SELECT * FROM SYS.TABLES WHERE STATUS <> 'ACTIVE'")).isEmpty();
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATUS FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batch
                    + " ORDER BY STATEMENT_INDEX"))
        .containsExactly(List.of("NEVER_THERE", "FAILED"), List.of("STEADY", "FAILED"));
    List<Object> steady =
        rows(
                connection,
                "SELECT HEALTH, LAST_ERROR, ROW_COUNT FROM SYS.TABLES"
                    + " WHERE TABLE_NAME = 'STEADY'")
            .get(0);
    assertThat(steady.get(0)).isEqualTo("DEGRADED");
    assertThat((String) steady.get(1)).isNotBlank();
    assertThat(steady.get(2)).isEqualTo(50L);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM steady WHERE plan = 'pro'"))
        .as("the old data is still there")
        .isEqualTo(10);
  }

  @Test
  void ctasRegistryLookupDuringDependency() throws Exception {
    kafka.createTopic("slow-events", 2);
    List<String> events = new ArrayList<>();
    for (int i = 0; i < 150_000; i++) {
      events.add("{\"event_id\": " + i + ", \"user_id\": " + (i % 50) + "}");
    }
    topics.write("slow-events", 2, events);
    CompletableFuture<Throwable> first =
        CompletableFuture.supplyAsync(
            () -> {
              try (Connection own = server.connect()) {
                execute(own, "CREATE TABLE slow_events AS SELECT * FROM kafka://slow-events");
                return null;
              } catch (Exception e) {
                return e;
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (rows(
                connection,
                "SELECT * FROM SYS.TABLES WHERE TABLE_NAME = 'SLOW_EVENTS' AND STATUS = 'LOADING'")
            .isEmpty()
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(rows(connection, "SELECT STATUS FROM SYS.TABLES WHERE TABLE_NAME = 'SLOW_EVENTS'"))
        .as("the registry shows the table while it loads")
        .containsExactly(List.of("LOADING"));
    execute(
        connection,
        "CREATE TABLE events_per_user AS SELECT user_id, COUNT(*) AS n FROM slow_events"
            + " GROUP BY user_id");
    long waitingBatch = lastBatchId(connection);
    assertThat(first.get(60, TimeUnit.SECONDS)).isNull();
    Timestamp sourceLoaded =
        (Timestamp)
            scalar(
                connection,
                "SELECT FINISHED_AT FROM SYS.BATCH_TABLES"
                    + " WHERE TABLE_NAME = 'SLOW_EVENTS' AND STATUS = 'SUCCEEDED'");
    Timestamp dependentStarted =
        (Timestamp)
            scalar(
                connection,
                "SELECT STARTED_AT FROM SYS.BATCH_TABLES" + " WHERE BATCH_ID = " + waitingBatch);
    assertThat(dependentStarted)
        .as("the dependent waited for the other batch's load")
        .isAfterOrEqualTo(sourceLoaded);
    assertThat(scalarLong(connection, "SELECT SUM(n) FROM events_per_user")).isEqualTo(150_000);
  }

  @Test
  void ctasRegistryCapacityLimit() throws Exception {
    try (TestServer limited = startServer(Map.of(ServerOption.MAX_TABLES, "5"));
        Connection small = limited.connect()) {
      executeBatch(
          small,
          "CREATE TABLE cap_1 AS SELECT * FROM kafka://users",
          "CREATE TABLE cap_2 AS SELECT * FROM cap_1",
          "CREATE TABLE cap_3 AS SELECT * FROM cap_1");
      assertThatThrownBy(
              () ->
                  executeBatch(
                      small,
                      "CREATE TABLE cap_4 AS SELECT * FROM cap_1",
                      "CREATE TABLE cap_5 AS SELECT * FROM cap_1",
                      "CREATE TABLE cap_6 AS SELECT * FROM cap_1"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("capacity")
          .hasMessageContaining("5");
      assertThat(scalarLong(small, "SELECT COUNT(*) FROM SYS.TABLES"))
          .as("the refused batch created nothing")
          .isEqualTo(3);
      executeBatch(
          small,
          "CREATE TABLE cap_4 AS SELECT * FROM cap_1",
          "CREATE TABLE cap_5 AS SELECT * FROM cap_1");
      assertThatThrownBy(() -> execute(small, "CREATE TABLE cap_6 AS SELECT * FROM cap_1"))
          .hasMessageContaining("capacity");
      assertThat(scalarLong(small, "SELECT COUNT(*) FROM SYS.TABLES"))
          .as("exactly the limit")
          .isEqualTo(5);
      assertThat(scalar(small, "SELECT \"VALUE\" FROM SYS.SERVER WHERE NAME = 'capacity'"))
          .isEqualTo("5");
    }
  }

  @Test
  void ctasRegistryHealthStatus() throws Exception {
    execute(connection, "CREATE TABLE healthy_users AS SELECT * FROM kafka://users");
    assertThat(
            rows(
                connection,
                "SELECT HEALTH, ISSUES, LAST_ERROR, BAD_RECORDS FROM SYS.TABLES"
                    + " WHERE TABLE_NAME = 'HEALTHY_USERS'"))
        .containsExactly(Arrays.asList("HEALTHY", null, null, 0L));
  }
}
