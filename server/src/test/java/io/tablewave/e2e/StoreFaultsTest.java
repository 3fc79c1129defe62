package io.tablewave.e2e;

import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.PostgresTestCluster;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The store loses the connection a load runs on (PostgreSQL terminates its backend, as on a restart
 * or failover): the load fails with a clear message and leaves nothing behind, or, with {@code
 * retries}, succeeds on the next attempt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StoreFaultsTest {
  private final PostgresTestCluster cluster = new PostgresTestCluster();
  private PostgresTestCluster.Endpoint endpoint;
  private TestServer server;
  private Connection connection;

  @BeforeAll
  void start() throws Exception {
    endpoint = cluster.start();
    server =
        TestServer.start(
            TestStore.POSTGRESQL,
            Map.of(
                ServerOption.STORE_URL,
                endpoint.jdbcUrl(),
                ServerOption.STORE_USER,
                endpoint.user(),
                ServerOption.STORE_PASSWORD,
                endpoint.password()));
    connection = server.connect();
    executeBatch(
        connection,
        "CREATE TABLE digits AS SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS t(x)",
        "CREATE TABLE thousand AS SELECT a.x * 100 + b.x * 10 + c.x AS x FROM digits a, digits b, digits c");
  }

  @AfterAll
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
    cluster.close();
  }

  private static String slowQuery() {
    return String.join(
        " UNION ALL ",
        Collections.nCopies(
            6,
            "SELECT a.x * 1000000 + b.x * 1000 + c.x AS v FROM thousand a, thousand b, thousand c WHERE c.x < 2"));
  }

  @Test
  void aLoadWhoseStoreConnectionIsKilledFailsAndLeavesNoTable() throws Exception {
    CompletableFuture<Throwable> load = loadInBackground("CREATE TABLE cut_off AS " + slowQuery());
    terminateRunningLoad();
    Throwable failure = load.get(60, TimeUnit.SECONDS);
    assertThat(failure)
        .isInstanceOf(BatchUpdateException.class)
        .hasMessageContaining("CUT_OFF failed")
        .hasMessageContaining("terminating connection due to administrator command");
    assertThat(
            rows(
                connection,
                "SELECT STATUS, ATTEMPTS FROM SYS.BATCH_TABLES WHERE TABLE_NAME = 'CUT_OFF'"))
        .containsExactly(List.of("FAILED", 1));
    assertThat(rows(connection, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME = 'CUT_OFF'")).isEmpty();
    assertThat(storeTables()).noneMatch(name -> name.startsWith("CUT_OFF"));
  }

  @Test
  void withRetriesTheLoadSucceedsOnTheNextConnection() throws Exception {
    CompletableFuture<Throwable> load =
        loadInBackground("CREATE TABLE survivor WITH ('retries' = '2') AS " + slowQuery());
    terminateRunningLoad();
    assertThat(load.get(120, TimeUnit.SECONDS))
        .as("the load succeeded on its second attempt")
        .isNull();
    assertThat(
            rows(
                connection,
                "SELECT STATUS, ATTEMPTS FROM SYS.BATCH_TABLES WHERE TABLE_NAME = 'SURVIVOR'"))
        .containsExactly(List.of("SUCCEEDED", 2));
    assertThat(scalarLong(connection, "SELECT COUNT(*) FROM survivor"))
        .isEqualTo(6L * 1000 * 1000 * 2);
    assertThat(storeTables()).filteredOn(name -> name.startsWith("SURVIVOR")).hasSize(1);
  }

  private CompletableFuture<Throwable> loadInBackground(String sql) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (Connection own = server.connect();
              Statement statement = own.createStatement()) {
            statement.addBatch(sql);
            statement.executeBatch();
            return null;
          } catch (Throwable e) {
            return e;
          }
        });
  }

  /** Waits for the store to run a CREATE TABLE of a load, then terminates its backend. */
  private void terminateRunningLoad() throws Exception {
    try (Connection postgres =
        DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (System.nanoTime() < deadline) {
        List<List<Object>> terminated =
            rows(
                postgres,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE state = 'active' AND query ILIKE 'CREATE TABLE%' AND pid <> pg_backend_pid()");
        if (!terminated.isEmpty()) {
          assertThat(terminated.get(0).get(0)).isEqualTo(true);
          return;
        }
        Thread.sleep(20);
      }
    }
    throw new AssertionError("no load ran a CREATE TABLE in the store within 60 s");
  }

  private List<String> storeTables() throws Exception {
    try (Connection postgres =
        DriverManager.getConnection(endpoint.jdbcUrl(), endpoint.user(), endpoint.password())) {
      return rows(
              postgres,
              "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
          .stream()
          .map(row -> (String) row.get(0))
          .toList();
    }
  }
}
