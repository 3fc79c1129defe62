package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalar;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.testing.Orders;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * REFRESH and ALTER TABLE ... SET through the driver, against a real broker, run once per store: a
 * refresh reloads the tables named and everything downstream of them, in every batch entry point,
 * mixed with CTAS and under EXPLAIN.
 */
abstract class RefreshSuite extends BrokerAndServerSuite {
  private void produce(String topic, int partitions, int from, int to) {
    Orders.produce(producer, topic, partitions, from, to);
  }

  /**
   * A topic of {@code records} orders and a pipeline over it: raw, filtered, aggregated by
   * category.
   */
  private void pipeline(String prefix, String topic, int records) throws SQLException {
    kafka.createTopic(topic, 3);
    produce(topic, 3, 0, records);
    executeBatch(
        connection,
        "CREATE TABLE " + prefix + "_raw AS SELECT * FROM kafka://" + topic,
        "CREATE TABLE "
            + prefix
            + "_big AS SELECT id, amount, category FROM "
            + prefix
            + "_raw WHERE amount >= 50",
        "CREATE TABLE "
            + prefix
            + "_totals AS SELECT category, COUNT(*) AS n, SUM(amount) AS total FROM "
            + prefix
            + "_big GROUP BY category");
  }

  @Test
  void refreshReloadsTheTableAndEverythingDownstreamAsOneBatch() throws Exception {
    pipeline("r1", "refresh-orders-1", 100);
    produce("refresh-orders-1", 3, 100, 300);

    int[] counts = executeBatch(connection, "REFRESH TABLE r1_raw");

    // r1_raw appends the 200 new records, r1_big the 100 of them it selects, and r1_totals merges
    // their aggregate into its 5 groups.
    assertThat(counts).containsExactly(200 + 100 + 5);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM r1_raw")).isEqualTo(300);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM r1_big")).isEqualTo(150);
    assertThat(scalarLong(connection, "SELECT SUM(n) FROM r1_totals")).isEqualTo(150);
    long batchId =
        scalarLong(connection, "SELECT BATCH_ID FROM SYS.TABLES WHERE TABLE_NAME = 'R1_TOTALS'");
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATEMENT_INDEX, WAVE, STATUS FROM SYS.BATCH_TABLES"
                    + " WHERE BATCH_ID = "
                    + batchId
                    + " ORDER BY WAVE"))
        .containsExactly(
            List.of("R1_RAW", 0, 1, "SUCCEEDED"),
            List.of("R1_BIG", 0, 2, "SUCCEEDED"),
            List.of("R1_TOTALS", 0, 3, "SUCCEEDED"));
    assertThat(
            scalarLong(
                connection, "SELECT TABLE_COUNT FROM SYS.BATCHES WHERE BATCH_ID = " + batchId))
        .isEqualTo(3);
  }

  @Test
  void refreshOfADownstreamTableLeavesItsInputsAlone() throws Exception {
    pipeline("r2", "refresh-orders-2", 100);
    long rawBatch =
        scalarLong(connection, "SELECT BATCH_ID FROM SYS.TABLES WHERE TABLE_NAME = 'R2_RAW'");
    produce("refresh-orders-2", 3, 100, 200);

    try (Statement statement = connection.createStatement()) {
      // Its input did not change: nothing to do.
      assertThat(statement.executeUpdate("REFRESH TABLE r2_big")).isZero();
      assertThat(statement.executeUpdate("REFRESH TABLE r2_big FULL")).isEqualTo(50 + 5);
    }

    assertThat(
            scalarLong(connection, "SELECT BATCH_ID FROM SYS.TABLES WHERE TABLE_NAME = 'R2_RAW'"))
        .isEqualTo(rawBatch);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM r2_raw")).isEqualTo(100);
  }

  @Test
  void refreshMixesWithCtasInAScriptABlockAndManualCommit() throws Exception {
    pipeline("r3", "refresh-orders-3", 100);
    produce("refresh-orders-3", 3, 100, 130);

    execute(
        connection,
        "REFRESH TABLE r3_raw;\nCREATE TABLE r3_count AS SELECT COUNT(*) AS n FROM r3_big");
    assertThat(scalarLong(connection, "SELECT n FROM r3_count")).isEqualTo(50);

    produce("refresh-orders-3", 3, 130, 160);
    execute(connection, "BEGIN REFRESH TABLE r3_raw, r3_count; END");
    assertThat(scalarLong(connection, "SELECT n FROM r3_count")).isEqualTo(60);

    produce("refresh-orders-3", 3, 160, 200);
    connection.setAutoCommit(false);
    try {
      execute(connection, "REFRESH ALL");
      assertThat(scalarLong(connection, "SELECT COUNT(*) FROM r3_raw")).isEqualTo(160);
      connection.commit();
    } finally {
      connection.setAutoCommit(true);
    }
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM r3_raw")).isEqualTo(200);
    assertThat(scalarLong(connection, "SELECT n FROM r3_count")).isEqualTo(100);
  }

  @Test
  void explainShowsWhatARefreshWouldDo() throws Exception {
    pipeline("r4", "refresh-orders-4", 10);

    List<List<Object>> plan =
        rows(
            connection,
            "EXPLAIN REFRESH TABLE r4_big FULL;\n"
                + "CREATE TABLE r4_more AS SELECT * FROM r4_totals");

    assertThat(plan)
        .containsExactly(
            Arrays.asList(0, "R4_BIG", "REFRESH_FULL", 1, "R4_RAW", null, null),
            Arrays.asList(0, "R4_TOTALS", "REFRESH_FULL", 2, "R4_BIG", null, null),
            Arrays.asList(1, "R4_MORE", "CREATE", 3, "R4_TOTALS", null, null));
  }

  @Test
  void alterTableSetChangesPropertiesWithoutReloading() throws Exception {
    pipeline("r5", "refresh-orders-5", 10);
    long batchId =
        scalarLong(connection, "SELECT BATCH_ID FROM SYS.TABLES WHERE TABLE_NAME = 'R5_RAW'");

    try (Statement statement = connection.createStatement()) {
      assertThat(
              statement.executeUpdate(
                  "ALTER TABLE r5_raw SET ('owner' = 'team-a', 'timeout' = '5m')"))
          .isZero();
    }

    assertThat(
            (String)
                scalar(connection, "SELECT PROPERTIES FROM SYS.TABLES WHERE TABLE_NAME = 'R5_RAW'"))
        .contains("\"owner\":\"team-a\"")
        .contains("\"timeout\":\"5m\"");
    assertThat(
            scalarLong(connection, "SELECT BATCH_ID FROM SYS.TABLES WHERE TABLE_NAME = 'R5_RAW'"))
        .isEqualTo(batchId);
    assertThatThrownBy(
            () -> execute(connection, "ALTER TABLE r5_raw SET ('scan.startup.mode' = 'sometimes')"))
        .hasMessageContaining("scan.startup.mode");
    assertThatThrownBy(() -> execute(connection, "ALTER TABLE r5_missing SET ('owner' = 'x')"))
        .hasMessageContaining("R5_MISSING")
        .hasMessageContaining("does not exist");

    produce("refresh-orders-5", 3, 10, 20);
    execute(connection, "REFRESH TABLE r5_raw");
    assertThat(
            (String)
                scalar(connection, "SELECT PROPERTIES FROM SYS.TABLES WHERE TABLE_NAME = 'R5_RAW'"))
        .contains("\"owner\":\"team-a\"");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM r5_raw")).isEqualTo(20);
  }

  @Test
  void tablesWhoseStatementAndInputsDidNotChangeAreUpToDate() throws Exception {
    pipeline("u1", "refresh-orders-u1", 100);
    long rawBatch =
        scalarLong(connection, "SELECT BATCH_ID FROM SYS.TABLES WHERE TABLE_NAME = 'U1_RAW'");

    assertThat(rows(connection, "EXPLAIN REFRESH TABLE u1_raw"))
        .extracting(row -> row.get(1) + " " + row.get(2))
        .containsExactly("U1_RAW UP_TO_DATE", "U1_BIG UP_TO_DATE", "U1_TOTALS UP_TO_DATE");
    assertThat(executeBatch(connection, "REFRESH TABLE u1_raw")).containsExactly(0);
    long batchId = scalarLong(connection, "SELECT MAX(BATCH_ID) FROM SYS.BATCHES");
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATUS, ROWS_LOADED FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batchId
                    + " ORDER BY WAVE"))
        .containsExactly(
            List.of("U1_RAW", "UP_TO_DATE", 0L),
            List.of("U1_BIG", "UP_TO_DATE", 0L),
            List.of("U1_TOTALS", "UP_TO_DATE", 0L));
    assertThat(
            rows(
                connection,
                "SELECT STATUS, SUCCEEDED, FAILED FROM SYS.BATCHES WHERE BATCH_ID = " + batchId))
        .containsExactly(List.of("SUCCEEDED", 3, 0));
    assertThat(
            scalarLong(connection, "SELECT BATCH_ID FROM SYS.TABLES WHERE TABLE_NAME = 'U1_RAW'"))
        .isEqualTo(rawBatch);

    // The same statements again, as a script re-run: nothing to do.
    assertThat(
            executeBatch(
                connection,
                "CREATE OR REPLACE TABLE u1_raw AS SELECT * FROM kafka://refresh-orders-u1",
                "CREATE OR REPLACE TABLE u1_big AS SELECT id, amount, category FROM u1_raw WHERE amount >= 50"))
        .containsExactly(0, 0);

    // A changed statement is rebuilt; its unchanged input is not.
    assertThat(
            executeBatch(
                connection,
                "CREATE OR REPLACE TABLE u1_raw AS SELECT * FROM kafka://refresh-orders-u1",
                "CREATE OR REPLACE TABLE u1_big AS SELECT id, amount, category FROM u1_raw WHERE amount >= 90"))
        .containsExactly(0, 10);
    // ... and the table downstream of the changed one comes along.
    assertThat(scalarLong(connection, "SELECT SUM(n) FROM u1_totals")).isEqualTo(10);
    batchId = scalarLong(connection, "SELECT MAX(BATCH_ID) FROM SYS.BATCHES");
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATEMENT_INDEX, STATUS FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batchId
                    + " ORDER BY WAVE"))
        .containsExactly(
            List.of("U1_RAW", 0, "UP_TO_DATE"),
            List.of("U1_BIG", 1, "SUCCEEDED"),
            List.of("U1_TOTALS", -1, "SUCCEEDED"));

    // New records: the topic's table appends them, the filter appends those it selects (none) and
    // the aggregate merges their groups.
    produce("refresh-orders-u1", 3, 100, 110);
    assertThat(rows(connection, "EXPLAIN REFRESH TABLE u1_raw"))
        .extracting(row -> row.get(1) + " " + row.get(2))
        .containsExactly(
            "U1_RAW REFRESH_INCREMENTAL",
            "U1_BIG REFRESH_INCREMENTAL",
            "U1_TOTALS REFRESH_INCREMENTAL");
    assertThat(executeBatch(connection, "REFRESH TABLE u1_raw")).containsExactly(10 + 0 + 5);
    assertThat(scalarLong(connection, "SELECT SUM(n) FROM u1_totals")).isEqualTo(10);
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM u1_raw")).isEqualTo(110);

    // FULL rebuilds even when nothing changed.
    assertThat(executeBatch(connection, "REFRESH TABLE u1_raw FULL")).containsExactly(110 + 10 + 5);
  }

  @Test
  void queriesWithNonDeterministicFunctionsAreNeverUpToDate() throws Exception {
    execute(connection, "CREATE TABLE u2_clock AS SELECT CURRENT_TIMESTAMP AS t, 1 AS x");
    execute(connection, "CREATE TABLE u2_fixed AS SELECT 1 AS x");

    assertThat(executeBatch(connection, "REFRESH TABLE u2_clock, u2_fixed")).containsExactly(1);
    long batchId = scalarLong(connection, "SELECT MAX(BATCH_ID) FROM SYS.BATCHES");
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, STATUS FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batchId
                    + " ORDER BY TABLE_NAME"))
        .containsExactly(List.of("U2_CLOCK", "SUCCEEDED"), List.of("U2_FIXED", "UP_TO_DATE"));
  }

  @Test
  void aTwentyTablePipelineRunAgainWithNothingNewIsAllUpToDate() throws Exception {
    kafka.createTopic("refresh-orders-u3", 2);
    produce("refresh-orders-u3", 2, 0, 200);
    List<String> script = new ArrayList<>();
    script.add("CREATE OR REPLACE TABLE u3_t0 AS SELECT * FROM kafka://refresh-orders-u3");
    for (int i = 1; i < 20; i++) {
      script.add(
          "CREATE OR REPLACE TABLE u3_t"
              + i
              + " AS SELECT id, amount, category FROM u3_t"
              + (i - 1)
              + " WHERE amount >= "
              + i);
    }
    String text = String.join(";\n", script);
    execute(connection, text);
    long firstBatch = scalarLong(connection, "SELECT MAX(BATCH_ID) FROM SYS.BATCHES");

    long started = System.nanoTime();
    execute(connection, text);
    long millis = (System.nanoTime() - started) / 1_000_000;

    long batchId = scalarLong(connection, "SELECT MAX(BATCH_ID) FROM SYS.BATCHES");
    assertThat(batchId).isGreaterThan(firstBatch);
    assertThat(
            rows(
                connection,
                "SELECT STATUS, COUNT(*), SUM(ROWS_LOADED) FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                    + batchId
                    + " GROUP BY STATUS"))
        .containsExactly(List.of("UP_TO_DATE", 20L, 0L));
    // No record read: every refresh record of the batch says so.
    assertThat(
            rows(
                connection,
                "SELECT MODE, COUNT(*), SUM(ROWS_APPENDED), COUNT(OFFSET_RANGES) FROM SYS.REFRESHES"
                    + " WHERE BATCH_ID = "
                    + batchId
                    + " GROUP BY MODE"))
        .containsExactly(List.of("UP_TO_DATE", 20L, 0L, 0L));
    assertThat(
            scalarLong(
                connection,
                "SELECT COUNT(*) FROM SYS.TABLES WHERE TABLE_NAME LIKE 'U3_T%' AND BATCH_ID = "
                    + firstBatch))
        .isEqualTo(20);
    // Generous: the target is well under a second; a loaded 2-core machine must still pass.
    assertThat(millis).isLessThan(10_000);
  }

  @Test
  void systemTablesShowHowEachTableIsRefreshedAndEveryRefresh() throws Exception {
    pipeline("s1", "refresh-orders-s1", 30);
    execute(
        connection,
        "CREATE TABLE s1_joined AS SELECT b.id, t.n FROM s1_big b JOIN s1_totals t"
            + " ON b.category = t.category");

    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, REFRESH_MODE, REFRESH_REASON FROM SYS.TABLES"
                    + " WHERE TABLE_NAME LIKE 'S1_%' ORDER BY TABLE_NAME"))
        .containsExactly(
            List.of(
                "S1_BIG",
                "INCREMENTAL",
                "filter or projection of one table: appends the rows its input's incremental"
                    + " refresh added (recomputed in full when its input was rebuilt in full)"),
            List.of("S1_JOINED", "FULL", "joins: recomputed in full"),
            List.of(
                "S1_RAW",
                "INCREMENTAL",
                "append-eligible (projection, filter, UNION ALL of Kafka topics): the new records"
                    + " are appended"),
            List.of(
                "S1_TOTALS",
                "INCREMENTAL",
                "COUNT, SUM, MIN, MAX by group of one table: merges the aggregate of the rows its"
                    + " input's incremental refresh added into its groups (recomputed in full when"
                    + " its input was rebuilt in full)"));
    assertThat(
            (String)
                scalar(
                    connection, "SELECT FINGERPRINT FROM SYS.TABLES WHERE TABLE_NAME = 'S1_RAW'"))
        .hasSize(64);
    assertThat(
            rows(
                connection,
                "SELECT COUNT(*), SUM(NEXT_OFFSET), COUNT(DISTINCT TOPIC_ID) FROM SYS.KAFKA_OFFSETS"
                    + " WHERE TABLE_NAME = 'S1_RAW' AND NEXT_OFFSET = END_OFFSET"))
        .containsExactly(List.of(3L, 30L, 1L));

    execute(connection, "REFRESH TABLE s1_raw");
    long batchId = scalarLong(connection, "SELECT MAX(BATCH_ID) FROM SYS.BATCHES");
    assertThat(
            rows(
                connection,
                "SELECT TABLE_NAME, MODE, ROWS_APPENDED, STATUS FROM SYS.REFRESHES WHERE BATCH_ID = "
                    + batchId
                    + " ORDER BY TABLE_NAME"))
        .containsExactly(
            List.of("S1_BIG", "UP_TO_DATE", 0L, "UP_TO_DATE"),
            List.of("S1_JOINED", "UP_TO_DATE", 0L, "UP_TO_DATE"),
            List.of("S1_RAW", "UP_TO_DATE", 0L, "UP_TO_DATE"),
            List.of("S1_TOTALS", "UP_TO_DATE", 0L, "UP_TO_DATE"));
    assertThat(
            scalarLong(
                connection,
                "SELECT COUNT(*) FROM SYS.REFRESHES WHERE TABLE_NAME = 'S1_RAW'"
                    + " AND MODE = 'FULL' AND STATUS = 'SUCCEEDED' AND ROWS_APPENDED = 30 AND STARTED_AT <= FINISHED_AT"))
        .isEqualTo(1);
  }

  @Test
  void refreshOfAMissingTableRejectsTheBatch() throws Exception {
    assertThatThrownBy(
            () ->
                executeBatch(
                    connection, "CREATE TABLE r6_one AS SELECT 1 AS x", "REFRESH TABLE r6_nowhere"))
        .hasMessageContaining("R6_NOWHERE")
        .hasMessageContaining("does not exist");
    assertThat(rows(connection, "SELECT TABLE_NAME FROM SYS.TABLES WHERE TABLE_NAME = 'R6_ONE'"))
        .isEmpty();
  }
}
