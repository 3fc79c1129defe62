package io.tablewave.e2e;

import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
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
 * More batches than workers queue fairly, a client that goes away mid-batch does not leave it
 * running, and a request too large to hold is refused while the server keeps serving.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OverloadTest {
  private static final String SLOW =
      "SELECT a.x * 1000000 + b.x * 1000 + c.x AS v FROM ov_src a, ov_src b,"
          + " ov_src c WHERE c.x < 3";
  private TestServer server;
  private Connection connection;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(TestStore.DUCKDB, Map.of(ServerOption.WORKERS, "2"));
    connection = server.connect();
    executeBatch(
        connection,
        "CREATE TABLE ov_d AS SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS t(x)",
        "CREATE TABLE ov_src AS SELECT a.x * 100 + b.x * 10 + c.x AS x FROM ov_d a, ov_d b, ov_d c");
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
  void moreBatchesThanWorkersAllFinishInTheOrderTheyCame() throws Exception {
    int clients = 6;
    CyclicBarrier together = new CyclicBarrier(clients);
    List<CompletableFuture<Long>> batches = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      int client = i;
      batches.add(
          CompletableFuture.supplyAsync(
              () -> {
                try (Connection own = server.connect()) {
                  together.await(30, TimeUnit.SECONDS);
                  Thread.sleep(client * 30L);
                  executeBatch(
                      own,
                      "CREATE TABLE ov_fair_" + client + "_a AS " + SLOW,
                      "CREATE TABLE ov_fair_" + client + "_b AS " + SLOW);
                  return scalarLong(
                      own,
                      "SELECT MAX(BATCH_ID) FROM SYS.BATCH_TABLES WHERE TABLE_NAME = 'OV_FAIR_"
                          + client
                          + "_A'");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    List<Long> ids = new ArrayList<>();
    for (CompletableFuture<Long> batch : batches) {
      ids.add(batch.get(180, TimeUnit.SECONDS));
    }
    List<long[]> loads = new ArrayList<>();
    List<Long> firstStarts = new ArrayList<>();
    for (long id : ids.stream().sorted().toList()) {
      long first = Long.MAX_VALUE;
      for (List<Object> row :
          rows(
              connection,
              "SELECT STARTED_AT, FINISHED_AT FROM SYS.BATCH_TABLES WHERE BATCH_ID = " + id)) {
        long startedAt = ((Timestamp) row.get(0)).getTime();
        loads.add(new long[] {startedAt, ((Timestamp) row.get(1)).getTime()});
        first = Math.min(first, startedAt);
      }
      firstStarts.add(first);
    }
    int most = 0;
    for (long[] load : loads) {
      most =
          Math.max(
              most, (int) loads.stream().filter(o -> o[0] <= load[0] && load[0] < o[1]).count());
    }
    assertThat(most).as("never more loads than the server's 2 workers").isLessThanOrEqualTo(2);
    assertThat(firstStarts).as("batches get workers in the order they were submitted").isSorted();
    assertThat(
            rows(
                connection,
                "SELECT STATUS FROM SYS.BATCHES WHERE BATCH_ID >= "
                    + ids.stream().min(Long::compare).orElseThrow()))
        .hasSize(clients)
        .allSatisfy(row -> assertThat(row).containsExactly("SUCCEEDED"));
  }

  @Test
  void aClientThatClosesItsConnectionMidBatchCancelsTheBatch() throws Exception {
    Connection leaving = server.connectWithParallelism(1);
    CompletableFuture<Throwable> running =
        CompletableFuture.supplyAsync(
            () -> {
              try (Statement statement = leaving.createStatement()) {
                statement.addBatch(
                    "CREATE TABLE ov_gone AS "
                        + SLOW
                        + " UNION ALL "
                        + SLOW
                        + " UNION ALL "
                        + SLOW);
                statement.addBatch(
                    "CREATE TABLE ov_gone_after AS SELECT COUNT(*) AS n FROM ov_gone");
                statement.executeBatch();
                return null;
              } catch (Throwable e) {
                return e;
              }
            });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    List<List<Object>> loading = List.of();
    while (loading.isEmpty() && System.nanoTime() < deadline) {
      loading =
          rows(
              connection,
              "SELECT BATCH_ID FROM SYS.BATCH_TABLES WHERE TABLE_NAME = 'OV_GONE'"
                  + " AND STATUS = 'LOADING'");
      Thread.sleep(10);
    }
    assertThat(loading).as("the batch started").isNotEmpty();
    long batch = ((Number) loading.get(0).get(0)).longValue();
    long closedAt = System.nanoTime();
    leaving.close();
    String status = "RUNNING";
    while (status.equals("RUNNING")
        && System.nanoTime() - closedAt < TimeUnit.SECONDS.toNanos(30)) {
      status =
          (String)
              rows(connection, "SELECT STATUS FROM SYS.BATCHES WHERE BATCH_ID = " + batch)
                  .get(0)
                  .get(0);
      Thread.sleep(20);
    }
    System.out.printf(
        "a batch whose client closed its connection ended %s after %d ms%n",
        status, (System.nanoTime() - closedAt) / 1_000_000);
    assertThat(status).isEqualTo("CANCELLED");
    assertThat(rows(connection, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME LIKE 'OV_GONE%'"))
        .isEmpty();
    running.get(60, TimeUnit.SECONDS);
  }

  @Test
  void aRequestTooLargeToHoldIsRefusedAndTheServerGoesOn() throws Exception {
    String huge = "SELECT '" + "x".repeat(70 * 1024 * 1024) + "' AS big";
    assertThatThrownBy(
            () -> {
              try (Statement statement = connection.createStatement()) {
                statement.execute(huge);
              }
            })
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("larger than it accepts")
        .hasMessageContaining("413");
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM ov_src")).isEqualTo(1000);
  }
}
