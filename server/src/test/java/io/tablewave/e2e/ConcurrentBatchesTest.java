package io.tablewave.e2e;

import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Eight connections each submit 25 batches at once, over a shared pool of overlapping table names,
 * on a server whose capacity is smaller than the names: a name is created once, losers get a clear
 * duplicate error, batches that would pass the capacity are refused naming it, the registry never
 * holds more than the limit, and in the end it holds exactly what the successful batches created.
 */
class ConcurrentBatchesTest {
  private static final int CLIENTS = 8;
  private static final int BATCHES_PER_CLIENT = 25;
  private static final int NAMES = 40;
  private static final int CAPACITY = 50;

  @Test
  void manyConnectionsRacingForNamesAndCapacityLeaveAConsistentRegistry() throws Exception {
    try (TestServer server =
        TestServer.start(
            TestStore.DUCKDB,
            Map.of(ServerOption.MAX_TABLES, String.valueOf(CAPACITY), ServerOption.WORKERS, "4"))) {
      try (Connection setup = server.connect()) {
        executeBatch(
            setup,
            "CREATE TABLE race_base AS SELECT * FROM (VALUES (1, 10), (2, 20), (3, 30)) AS t(id, v)");
      }
      Set<String> created = ConcurrentHashMap.newKeySet();
      List<String> createdTwice = new ArrayList<>();
      List<String> unexpected = new ArrayList<>();
      AtomicInteger duplicates = new AtomicInteger();
      AtomicInteger capacityRefusals = new AtomicInteger();
      AtomicLong mostSeen = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);
      CyclicBarrier start = new CyclicBarrier(CLIENTS);
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
      Future<?> monitor =
          pool.submit(
              () -> {
                try (Connection watcher = server.connect()) {
                  while (running.get()) {
                    mostSeen.accumulateAndGet(
                        scalarLong(watcher, "SELECT COUNT(*) FROM SYS.TABLES"), Math::max);
                    Thread.sleep(5);
                  }
                }
                return null;
              });
      List<Future<?>> clients = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        clients.add(
            pool.submit(
                () -> {
                  Random random = new Random(client * 7919L);
                  try (Connection connection = server.connect()) {
                    start.await(30, TimeUnit.SECONDS);
                    for (int b = 0; b < BATCHES_PER_CLIENT; b++) {
                      String name = "RACE_" + random.nextInt(NAMES);
                      List<String> names =
                          random.nextBoolean() ? List.of(name) : List.of(name, name + "_AGG");
                      List<String> statements = new ArrayList<>();
                      statements.add(
                          "CREATE TABLE "
                              + name
                              + " AS SELECT id, v * "
                              + client
                              + " AS v FROM race_base");
                      if (names.size() == 2) {
                        statements.add(
                            "CREATE TABLE " + name + "_AGG AS SELECT COUNT(*) AS n FROM " + name);
                      }
                      try {
                        executeBatch(connection, statements.toArray(String[]::new));
                        for (String table : names) {
                          if (!created.add(table)) {
                            synchronized (createdTwice) {
                              createdTwice.add(table);
                            }
                          }
                        }
                      } catch (SQLException e) {
                        String message = String.valueOf(e.getMessage());
                        if (message.contains("already exists")
                            || message.contains("is being created")) {
                          duplicates.incrementAndGet();
                        } else if (message.contains("capacity")
                            && message.contains(String.valueOf(CAPACITY))) {
                          capacityRefusals.incrementAndGet();
                        } else {
                          synchronized (unexpected) {
                            unexpected.add(statements + " -> " + message);
                          }
                        }
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> client : clients) {
        client.get(5, TimeUnit.MINUTES);
      }
      running.set(false);
      monitor.get(30, TimeUnit.SECONDS);
      pool.shutdown();

      System.out.printf(
          "%d x %d batches: %d tables created, %d duplicate refusals, %d capacity refusals,"
              + " at most %d tables seen%n",
          CLIENTS,
          BATCHES_PER_CLIENT,
          created.size(),
          duplicates.get(),
          capacityRefusals.get(),
          mostSeen.get());
      assertThat(unexpected).as("refusals other than duplicate or capacity").isEmpty();
      assertThat(createdTwice).as("names two batches were both told they created").isEmpty();
      assertThat(duplicates.get()).as("overlapping names did collide").isPositive();
      assertThat(capacityRefusals.get()).as("the capacity was reached").isPositive();
      assertThat(mostSeen.get())
          .as("never more tables than the capacity")
          .isLessThanOrEqualTo(CAPACITY);
      try (Connection check = server.connect()) {
        Set<String> registered = new HashSet<>();
        rows(
                check,
                "SELECT TABLE_NAME FROM SYS.TABLES WHERE TABLE_NAME LIKE 'RACE\\_%' ESCAPE '\\'"
                    + " AND TABLE_NAME <> 'RACE_BASE'")
            .forEach(row -> registered.add((String) row.get(0)));
        assertThat(registered)
            .as("the registry holds exactly what the successful batches created")
            .isEqualTo(created);
        assertThat(scalarLong(check, "SELECT COUNT(*) FROM SYS.TABLES"))
            .isLessThanOrEqualTo(CAPACITY);
        assertThat(rows(check, "SELECT * FROM SYS.TABLES WHERE STATUS <> 'ACTIVE'")).isEmpty();
        long succeededTables =
            scalarLong(
                check,
                "SELECT COUNT(*) FROM SYS.BATCH_TABLES WHERE STATUS = 'SUCCEEDED'"
                    + " AND TABLE_NAME <> 'RACE_BASE'");
        assertThat(succeededTables)
            .as("loads that succeeded = tables created")
            .isEqualTo(created.size());
        for (String table : created) {
          assertThat(scalarLong(check, "SELECT COUNT(*) FROM " + table)).isPositive();
        }
      }
    }
  }
}
