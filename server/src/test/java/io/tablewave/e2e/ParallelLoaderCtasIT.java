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
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The seed's ParallelLoader + CTAS scenarios ({@code parallel_loader_ctas_integration_test.rs}),
 * one test per seed test, through the driver against a real server and a real Kafka broker, with
 * the seed's intent asserted strictly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParallelLoaderCtasIT {
  private EmbeddedKafka kafka;
  private TopicWriter topics;
  private TestServer server;
  private Connection connection;

  @BeforeAll
  void start() throws Exception {
    kafka = EmbeddedKafka.start();
    topics = new TopicWriter(kafka.bootstrapServers());
    server =
        TestServer.start(
            TestStore.DUCKDB,
            Map.of(
                ServerOption.KAFKA_BOOTSTRAP, kafka.bootstrapServers(), ServerOption.WORKERS, "4"));
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
    if (topics != null) {
      topics.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  /** {@code count} readings: value i - 10 (so ten are not positive), every third one inactive. */
  private void writeReadings(String topic, int partitions, int count) {
    kafka.createTopic(topic, partitions);
    List<String> values = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      values.add(
          "{\"id\": "
              + i
              + ", \"value\": "
              + (i - 10)
              + ", \"amount\": "
              + (i % 200)
              + ", \"status\": \""
              + (i % 3 == 0 ? "inactive" : "active")
              + "\"}");
    }
    topics.write(topic, partitions, values);
  }

  private List<List<Object>> waves(long batch) throws SQLException {
    return rows(
        connection,
        "SELECT WAVE, TABLES FROM SYS.WAVES WHERE BATCH_ID = " + batch + " ORDER BY WAVE");
  }

  private record Interval(String table, long start, long end) {}

  private List<Interval> intervals(long batch) throws SQLException {
    List<Interval> intervals = new ArrayList<>();
    for (List<Object> row :
        rows(
            connection,
            "SELECT TABLE_NAME, STARTED_AT, FINISHED_AT FROM SYS.BATCH_TABLES"
                + " WHERE BATCH_ID = "
                + batch)) {
      intervals.add(
          new Interval(
              (String) row.get(0),
              ((Timestamp) row.get(1)).getTime(),
              ((Timestamp) row.get(2)).getTime()));
    }
    return intervals;
  }

  @Test
  void parallelCtasSimpleDependencyChain() throws Exception {
    writeReadings("test-topic-a", 2, 90);
    int[] counts =
        executeBatch(
            connection,
            "CREATE TABLE test_table_a AS SELECT * FROM kafka://test-topic-a",
            "CREATE TABLE test_table_b WITH ('depends_on' = 'test_table_a') AS SELECT * FROM test_table_a WHERE \"value\" > 0",
            "CREATE TABLE test_table_c WITH ('depends_on' = 'test_table_b') AS"
                + " SELECT * FROM test_table_b WHERE status = 'active'");
    long batch = lastBatchId(connection);
    assertThat(counts).containsExactly(90, 79, 53);
    assertThat(waves(batch))
        .containsExactly(
            List.of(1, "TEST_TABLE_A"), List.of(2, "TEST_TABLE_B"), List.of(3, "TEST_TABLE_C"));
    List<Interval> order = intervals(batch);
    assertThat(order).hasSize(3);
    Interval a =
        order.stream().filter(i -> i.table().equals("TEST_TABLE_A")).findFirst().orElseThrow();
    Interval b =
        order.stream().filter(i -> i.table().equals("TEST_TABLE_B")).findFirst().orElseThrow();
    Interval c =
        order.stream().filter(i -> i.table().equals("TEST_TABLE_C")).findFirst().orElseThrow();
    assertThat(b.start()).as("B starts after A is loaded").isGreaterThanOrEqualTo(a.end());
    assertThat(c.start()).as("C starts after B is loaded").isGreaterThanOrEqualTo(b.end());
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATUS FROM SYS.TABLES WHERE TABLE_NAME LIKE 'TEST\\_TABLE\\__'"
                    + " ESCAPE '\\' ORDER BY 1"))
        .containsExactly(
            List.of("TEST_TABLE_A", "ACTIVE"),
            List.of("TEST_TABLE_B", "ACTIVE"),
            List.of("TEST_TABLE_C", "ACTIVE"));
  }

  @Test
  void parallelCtasAutomaticDependencyExtraction() throws Exception {
    writeReadings("source-topic", 3, 300);
    int[] counts =
        executeBatch(
            connection,
            "CREATE TABLE filtered_data AS SELECT * FROM raw_data WHERE amount > 100",
            "CREATE TABLE raw_data AS SELECT * FROM kafka://source-topic");
    long batch = lastBatchId(connection);
    assertThat(counts).containsExactly(99, 300);
    assertThat(waves(batch)).containsExactly(List.of(1, "RAW_DATA"), List.of(2, "FILTERED_DATA"));
    assertThat(
            rows(
                connection,
                "SELECT DEPENDS_ON, KIND, ORIGIN FROM SYS.DEPENDENCIES"
                    + " WHERE TABLE_NAME IN ('RAW_DATA', 'FILTERED_DATA') ORDER BY TABLE_NAME"))
        .containsExactly(
            List.of("RAW_DATA", "TABLE", "SQL"), List.of("source-topic", "KAFKA_TOPIC", "SQL"));
  }

  @Test
  void parallelCtasDiamondDependency() throws Exception {
    writeReadings("diamond-topic", 2, 1000);
    String slowBranch =
        "SELECT s.id, d.x FROM source_a s, (SELECT a.id * 1000 + b.id AS x FROM source_a a,"
            + " source_a b WHERE b.id < 200) d WHERE s.id < 10";
    int[] counts =
        executeBatch(
            connection,
            "CREATE TABLE merged_d AS SELECT COUNT(*) AS n FROM branch_b b JOIN branch_c c ON b.id = c.id AND b.x = c.x",
            "CREATE TABLE branch_b AS " + slowBranch,
            "CREATE TABLE branch_c AS " + slowBranch,
            "CREATE TABLE source_a AS SELECT id FROM kafka://diamond-topic");
    long batch = lastBatchId(connection);
    assertThat(counts).containsExactly(1, 2_000_000, 2_000_000, 1000);
    assertThat(scalarLong(connection, "SELECT n FROM merged_d")).isEqualTo(2_000_000);
    assertThat(waves(batch))
        .containsExactly(
            List.of(1, "SOURCE_A"), List.of(2, "BRANCH_B,BRANCH_C"), List.of(3, "MERGED_D"));
    Interval b =
        intervals(batch).stream()
            .filter(i -> i.table().equals("BRANCH_B"))
            .findFirst()
            .orElseThrow();
    Interval c =
        intervals(batch).stream()
            .filter(i -> i.table().equals("BRANCH_C"))
            .findFirst()
            .orElseThrow();
    assertThat(b.start() < c.end() && c.start() < b.end())
        .as("the two branches load at the same time: %s, %s", b, c)
        .isTrue();
  }

  @Test
  void parallelCtasCircularDependencyDetection() throws Exception {
    long batches = scalarLong(connection, "SELECT COUNT(*) FROM SYS.BATCHES");
    long tables = scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES");
    assertThatThrownBy(
            () ->
                executeBatch(
                    connection,
                    "CREATE TABLE cycle_a AS SELECT * FROM cycle_c",
                    "CREATE TABLE cycle_b AS SELECT * FROM cycle_a",
                    "CREATE TABLE cycle_c AS SELECT * FROM cycle_b"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("circular")
        .hasMessageMatching(
            "(?s).*CYCLE_(A|B|C) -> CYCLE_(A|B|C) -> CYCLE_(A|B|C) -> CYCLE_(A|B|C).*");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.BATCHES"))
        .as("nothing ran")
        .isEqualTo(batches);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES")).isEqualTo(tables);
  }

  @Test
  void parallelCtasMissingDependencyDetection() throws Exception {
    long tables = scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES");
    assertThatThrownBy(
            () ->
                executeBatch(
                    connection,
                    "CREATE TABLE present_table AS SELECT * FROM (VALUES (1)) AS t(x)",
                    "CREATE TABLE needs_ghost AS SELECT * FROM ghost_table JOIN present_table ON TRUE"))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("missing")
        .hasMessageContaining("GHOST_TABLE")
        .hasMessageContaining("NEEDS_GHOST");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES"))
        .as("nothing created")
        .isEqualTo(tables);
  }

  @Test
  void parallelCtasPartialWaveFailure() throws Exception {
    writeReadings("partial-topic", 2, 40);
    BatchUpdateException failure = null;
    try {
      executeBatch(
          connection,
          "CREATE TABLE success_a AS SELECT id FROM kafka://partial-topic",
          "CREATE TABLE failure_b AS SELECT CAST(status AS INTEGER) AS broken FROM kafka://partial-topic",
          "CREATE TABLE success_c AS SELECT id, amount FROM kafka://partial-topic WHERE amount > 5",
          "CREATE TABLE dependent_d AS SELECT broken FROM failure_b");
    } catch (BatchUpdateException e) {
      failure = e;
    }
    assertThat((Throwable) failure).as("the batch reports its failure").isNotNull();
    long batch = lastBatchId(connection);
    assertThat(failure.getUpdateCounts())
        .containsExactly(40, Statement.EXECUTE_FAILED, 34, Statement.EXECUTE_FAILED);
    assertThat(failure.getMessage())
        .contains("FAILURE_B failed")
        .contains("DEPENDENT_D was skipped because table FAILURE_B did not load");
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATUS, SKIPPED_BECAUSE FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batch
                    + " ORDER BY STATEMENT_INDEX"))
        .containsExactly(
            Arrays.asList("SUCCESS_A", "SUCCEEDED", null),
                Arrays.asList("FAILURE_B", "FAILED", null),
            Arrays.asList("SUCCESS_C", "SUCCEEDED", null),
                Arrays.asList("DEPENDENT_D", "SKIPPED", "FAILURE_B"));
    assertThat(
            rows(
                connection,
                "SELECT STATUS, SUCCEEDED, FAILED, SKIPPED FROM SYS.BATCHES WHERE BATCH_ID = "
                    + batch))
        .containsExactly(List.of("PARTIAL", 2, 1, 1));
  }

  @Test
  void parallelCtasSemaphoreLimit() throws Exception {
    writeReadings("semaphore-topic", 2, 400);
    execute(connection, "CREATE TABLE semaphore_src AS SELECT id FROM kafka://semaphore-topic");
    List<String> statements = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      statements.add(
          "CREATE TABLE semaphore_"
              + i
              + " AS SELECT a.id * 1000 + b.id + "
              + i
              + " AS v"
              + " FROM semaphore_src a, semaphore_src b, semaphore_src c WHERE c.id < 8");
    }
    try (Connection limited = server.connectWithParallelism(2)) {
      executeBatch(limited, statements.toArray(String[]::new));
      long batch = lastBatchId(limited);
      List<Interval> loads = intervals(batch);
      assertThat(loads).hasSize(6);
      int most = 0;
      for (Interval load : loads) {
        int atOnce =
            (int)
                loads.stream()
                    .filter(o -> o.start() <= load.start() && load.start() < o.end())
                    .count();
        most = Math.max(most, atOnce);
      }
      assertThat(most)
          .as("at most 2 of the batch's tables load at once, on a server with 4 workers: %s", loads)
          .isLessThanOrEqualTo(2);
      assertThat(most).as("the limit is used: two tables do load at once").isEqualTo(2);
      assertThat(
              scalar(connection, "SELECT PARALLELISM FROM SYS.BATCHES WHERE BATCH_ID = " + batch))
          .isEqualTo(2);
    }
  }

  @Test
  void parallelCtasProgressMonitoring() throws Exception {
    // SYS.PROGRESS moves every 500 ms: the load must take several times that (200,000 records
    // loaded in 345 ms with two writers, too fast to see progress move)
    int records = 1_000_000;
    writeReadings("progress-topic", 4, records);
    CompletableFuture<Void> load =
        CompletableFuture.runAsync(
            () -> {
              try (Connection loader = server.connect()) {
                execute(
                    loader, "CREATE TABLE progress_table AS SELECT * FROM kafka://progress-topic");
              } catch (SQLException e) {
                throw new IllegalStateException(e);
              }
            });
    List<Long> loaded = new ArrayList<>();
    try (Connection watcher = server.connect()) {
      while (!load.isDone()) {
        for (List<Object> row :
            rows(
                watcher,
                "SELECT STATUS, ROWS_LOADED, ROWS_EXPECTED, PERCENT FROM SYS.PROGRESS"
                    + " WHERE TABLE_NAME = 'PROGRESS_TABLE'")) {
          if ("LOADING".equals(row.get(0)) && row.get(2) != null) {
            assertThat(((Number) row.get(2)).longValue()).isEqualTo(records);
            assertThat(((Number) row.get(3)).doubleValue()).isBetween(0.0, 100.0);
            loaded.add(((Number) row.get(1)).longValue());
          }
        }
        Thread.sleep(20);
      }
    }
    load.get(120, TimeUnit.SECONDS);
    assertThat(loaded).as("progress rows seen from a second connection while loading").isNotEmpty();
    assertThat(loaded).as("rows loaded never go back").isSorted();
    assertThat(loaded.stream().distinct().count())
        .as("progress moved: %s", loaded)
        .isGreaterThan(1);
    assertThat(
            rows(
                connection,
                "SELECT STATUS, ROWS_LOADED, ROWS_EXPECTED FROM SYS.BATCH_TABLES"
                    + " WHERE TABLE_NAME = 'PROGRESS_TABLE'"))
        .containsExactly(List.of("SUCCEEDED", (long) records, (long) records));
  }

  @Test
  void parallelCtasWithProperties() throws Exception {
    kafka.createTopic("properties-topic", 1);
    topics.write(
        "properties-topic",
        1,
        List.of(
            "{\"id\": 1, \"name\": \"a\"}",
            "{\"id\": 2, \"name\": ",
            "{\"id\": 3, \"name\": \"c\"}"));
    execute(
        connection,
        "CREATE TABLE with_properties WITH ("
            + "'format' = 'json', 'scan.startup.mode' = 'earliest-offset', 'scan.bounded.mode' = 'latest-offset',"
            + " 'on-bad-record' = 'skip', 'kafka.max.poll.records' = '2', 'table_model' = 'normal', 'retention' = '7d')"
            + " AS SELECT id, name FROM kafka://properties-topic");
    assertThat(rows(connection, "SELECT id, name FROM with_properties ORDER BY id"))
        .containsExactly(List.of(1L, "a"), List.of(3L, "c"));
    assertThat(
            rows(
                connection,
                "SELECT BAD_RECORDS, HEALTH FROM SYS.TABLES WHERE TABLE_NAME = 'WITH_PROPERTIES'"))
        .containsExactly(List.of(1L, "DEGRADED"));
    assertThat(
            (String)
                scalar(
                    connection,
                    "SELECT PROPERTIES FROM SYS.TABLES WHERE TABLE_NAME = 'WITH_PROPERTIES'"))
        .contains(
            "\"format\":\"json\"",
            "\"scan.startup.mode\":\"earliest-offset\"",
            "\"on-bad-record\":\"skip\"",
            "\"kafka.max.poll.records\":\"2\"",
            "\"table_model\":\"normal\"",
            "\"retention\":\"7d\"");
  }

  @Test
  void parallelCtasEmptyTableList() throws Exception {
    long batches = scalarLong(connection, "SELECT COUNT(*) FROM SYS.BATCHES");
    try (Statement statement = connection.createStatement()) {
      assertThat(statement.executeBatch()).isEmpty();
    }
    assertThatThrownBy(() -> execute(connection, "  ;  ; "))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("holds no statement");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.BATCHES"))
        .as("no batch registered")
        .isEqualTo(batches);
  }
}
