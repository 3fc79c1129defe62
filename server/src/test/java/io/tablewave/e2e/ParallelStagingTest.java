package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.testing.DuckDbFiles;
import io.tablewave.testing.Orders;
import io.tablewave.testing.TestStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A topic large enough to be staged by several writers at once on DuckDB (each on its own
 * connection and transaction): every record is in the table once, and a load cancelled while the
 * writers run leaves nothing in the store.
 */
class ParallelStagingTest extends BrokerAndServerSuite {
  private static final int RECORDS = 600_000;
  private static final int PARTITIONS = 4;

  @Override
  TestStore store() {
    return TestStore.DUCKDB;
  }

  @Test
  void aLoadBySeveralWritersHasEveryRecordOnceAndACancelledOneLeavesNothing() throws Exception {
    kafka.createTopic("parallel-orders", PARTITIONS);
    Orders.produce(producer, "parallel-orders", PARTITIONS, 0, RECORDS);

    try (Connection loader = server.connect();
        Statement statement = loader.createStatement()) {
      CompletableFuture<Void> load =
          CompletableFuture.runAsync(
              () -> {
                try {
                  statement.execute(
                      "CREATE TABLE cancelled_orders AS SELECT * FROM kafka://parallel-orders");
                } catch (SQLException e) {
                  throw new IllegalStateException(e.getMessage(), e);
                }
              });
      awaitRowsLoaded("CANCELLED_ORDERS", load);
      statement.cancel();
      assertThatThrownBy(() -> load.get(60, TimeUnit.SECONDS)).hasMessageContaining("cancel");
    }
    assertThat(rows(connection, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME = 'CANCELLED_ORDERS'"))
        .isEmpty();

    execute(connection, "CREATE TABLE parallel_orders AS SELECT * FROM kafka://parallel-orders");
    assertThat(
            rows(
                connection,
                "SELECT COUNT(*), COUNT(DISTINCT id), SUM(CAST(id AS BIGINT)),"
                    + " COUNT(DISTINCT CAST(_partition AS VARCHAR) || ':' || CAST(_offset AS VARCHAR))"
                    + " FROM parallel_orders"))
        .containsExactly(
            List.of(
                (long) RECORDS,
                (long) RECORDS,
                (long) RECORDS * (RECORDS - 1) / 2,
                (long) RECORDS));
    assertThat(
            scalarLong(
                connection,
                "SELECT SUM(END_OFFSET - START_OFFSET) FROM SYS.KAFKA_OFFSETS"
                    + " WHERE TABLE_NAME = 'PARALLEL_ORDERS'"))
        .isEqualTo(RECORDS);

    connection.close();
    List<String> stored = DuckDbFiles.storeTables(server.stopKeepingData());
    assertThat(stored)
        .as("store tables once the server stopped")
        .isNotEmpty()
        .allMatch(name -> name.startsWith("PARALLEL_ORDERS__tw"), "tables of PARALLEL_ORDERS only");
    server.startAgain();
    connection = server.connect();
  }

  /** Waits until the load shows rows loaded in SYS.PROGRESS, while it still runs. */
  private void awaitRowsLoaded(String table, CompletableFuture<Void> load) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      assertThat(load).as("the load ended before it was cancelled").isNotDone();
      Long loaded =
          (Long)
              rows(
                      connection,
                      "SELECT COALESCE(MAX(ROWS_LOADED), 0) FROM SYS.PROGRESS WHERE TABLE_NAME = '"
                          + table
                          + "'")
                  .get(0)
                  .get(0);
      if (loaded != null && loaded > 0) {
        return;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the load of " + table + " never showed rows loaded");
  }
}
