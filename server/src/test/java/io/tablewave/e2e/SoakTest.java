package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.server.ServerOption;
import io.tablewave.source.kafka.BoundedTopicReader;
import io.tablewave.testing.DuckDbFiles;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Eight clients run mixed batches (from tables and from Kafka, some failing on purpose), queries,
 * drops and cancels against one server for a bounded time ({@code -Dtablewave.soak.seconds},
 * default 60). Afterwards the registry agrees with what the clients were told, nothing is left
 * running, and nothing leaked: store connections, Kafka consumers, threads, staging tables.
 */
class SoakTest {
  private static final int CLIENTS = 8;
  private static final Pattern PHYSICAL = Pattern.compile("(.+)__tw(\\d+)(_k\\d+)?");

  @Test
  void mixedLoadFromEightClientsLeavesAConsistentRegistryAndNoLeaks() throws Exception {
    long seconds = Long.getLong("tablewave.soak.seconds", 60);
    try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
      kafka.createTopic("soak-events", 2);
      produce(kafka.bootstrapServers(), 3_000);
      TestServer server =
          TestServer.start(
              TestStore.DUCKDB,
              Map.of(
                  ServerOption.KAFKA_BOOTSTRAP,
                  kafka.bootstrapServers(),
                  ServerOption.WORKERS,
                  "3"));
      try {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        try (Connection setup = server.connect()) {
          executeBatch(
              setup,
              "CREATE TABLE soak_digits AS SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9))"
                  + " AS t(x)",
              "CREATE TABLE soak_base AS SELECT a.x * 100 + b.x * 10 + c.x AS x FROM soak_digits a, soak_digits b,"
                  + " soak_digits c");
        }
        Map<String, Boolean> expected = new ConcurrentHashMap<>();
        AtomicInteger batches = new AtomicInteger();
        AtomicInteger queries = new AtomicInteger();
        AtomicInteger cancels = new AtomicInteger();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
          int client = c;
          running.add(
              clients.submit(
                  () -> {
                    runClient(server, client, deadline, expected, batches, queries, cancels);
                    return null;
                  }));
        }
        for (Future<?> future : running) {
          future.get(seconds + 180, TimeUnit.SECONDS);
        }
        clients.shutdown();
        System.out.printf(
            "soak: %d s, %d batches, %d queries, %d cancels from %d clients%n",
            seconds, batches.get(), queries.get(), cancels.get(), CLIENTS);

        try (Connection check = server.connect()) {
          assertThat(rows(check, "SELECT TABLE_NAME FROM SYS.TABLES WHERE STATUS <> 'ACTIVE'"))
              .isEmpty();
          assertThat(
                  rows(
                      check,
                      "SELECT BATCH_ID, STATUS FROM SYS.BATCHES WHERE STATUS IN ('PLANNED', 'RUNNING')"))
              .isEmpty();
          assertThat(
                  rows(
                      check,
                      "SELECT BATCH_ID, TABLE_NAME FROM SYS.BATCH_TABLES"
                          + " WHERE STATUS IN ('PENDING', 'LOADING')"))
              .isEmpty();
          Set<String> registered = new HashSet<>();
          rows(check, "SELECT TABLE_NAME FROM SYS.TABLES WHERE TABLE_NAME LIKE 'C%'")
              .forEach(row -> registered.add((String) row.get(0)));
          Set<String> promised = new HashSet<>();
          expected.forEach(
              (name, exists) -> {
                if (exists) {
                  promised.add(name);
                }
              });
          // the differences, not the thousand names of each side
          Set<String> unexpected = new HashSet<>(registered);
          unexpected.removeAll(promised);
          Set<String> missing = new HashSet<>(promised);
          missing.removeAll(registered);
          assertThat(unexpected)
              .as("tables the registry holds that the clients were told do not exist")
              .isEmpty();
          assertThat(missing)
              .as("tables the clients were told exist that the registry does not hold")
              .isEmpty();
          assertThat(
                  rows(
                      check,
                      "SELECT \"VALUE\" FROM SYS.SERVER WHERE NAME IN ('busy_workers',"
                          + " 'store_connections_active') ORDER BY NAME"))
              .containsExactly(List.of("0"), List.of("0"));
        }
        // Consumers that read to their end are kept for the next load, at most a pool's worth.
        assertThat(kafkaConsumersOpenOnceClosed(BoundedTopicReader.DEFAULT_MAX_READERS))
            .as("Kafka consumers still open beyond those the cluster's pool keeps")
            .isLessThanOrEqualTo(BoundedTopicReader.DEFAULT_MAX_READERS);
        int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
        System.out.printf("soak: %d threads before, %d after%n", threadsBefore, threadsAfter);
        assertThat(threadsAfter).as("threads after the soak").isLessThan(threadsBefore + 40);

        Set<String> succeededLoads = new HashSet<>();
        try (Connection check = server.connect()) {
          rows(
                  check,
                  "SELECT TABLE_NAME, BATCH_ID FROM SYS.BATCH_TABLES WHERE STATUS = 'SUCCEEDED'")
              .forEach(row -> succeededLoads.add(row.get(0) + "__tw" + row.get(1)));
        }
        Path dataDir = server.stopKeepingData();
        assertThat(kafkaConsumersOpenOnceClosed(0))
            .as("Kafka consumers still open once the server stopped")
            .isZero();
        for (String table : DuckDbFiles.storeTables(dataDir)) {
          Matcher physical = PHYSICAL.matcher(table);
          if (physical.matches()) {
            assertThat(physical.group(3)).as("Kafka staging table %s left behind", table).isNull();
            assertThat(succeededLoads)
                .as("store table %s belongs to a load that succeeded", table)
                .contains(physical.group(1) + "__tw" + physical.group(2));
          }
        }
      } finally {
        server.close();
      }
    }
  }

  private static void runClient(
      TestServer server,
      int client,
      long deadline,
      Map<String, Boolean> expected,
      AtomicInteger batches,
      AtomicInteger queries,
      AtomicInteger cancels)
      throws Exception {
    Random random = new Random(client);
    List<String> mine = new ArrayList<>();
    int round = 0;
    try (Connection connection = server.connectWithParallelism(2)) {
      while (System.nanoTime() < deadline) {
        round++;
        String prefix = "C" + client + "_R" + round;
        switch (random.nextInt(6)) {
          case 0, 1 -> {
            List<String> created = List.of(prefix + "_A", prefix + "_B", prefix + "_C");
            executeBatch(
                connection,
                "CREATE TABLE "
                    + created.get(0)
                    + " AS SELECT x, x * "
                    + client
                    + " AS y FROM soak_base",
                "CREATE TABLE "
                    + created.get(1)
                    + " AS SELECT COUNT(*) AS n, SUM(y) AS total FROM "
                    + created.get(0),
                "CREATE TABLE "
                    + created.get(2)
                    + " AS SELECT a.x FROM "
                    + created.get(0)
                    + " a JOIN soak_base b"
                    + " ON a.x = b.x WHERE a.x % 7 = 0");
            created.forEach(name -> expected.put(name, true));
            mine.addAll(created);
            batches.incrementAndGet();
          }
          case 2 -> {
            String events = prefix + "_EVENTS";
            String bad = prefix + "_BAD";
            String skipped = prefix + "_SKIPPED";
            try {
              executeBatch(
                  connection,
                  "CREATE TABLE "
                      + events
                      + " AS SELECT \"kind\", COUNT(*) AS n FROM kafka://soak-events"
                      + " GROUP BY \"kind\"",
                  "CREATE TABLE "
                      + bad
                      + " AS SELECT CAST(\"kind\" AS INTEGER) AS k FROM kafka://soak-events",
                  "CREATE TABLE " + skipped + " AS SELECT * FROM " + bad);
              throw new AssertionError("the batch with a failing table succeeded");
            } catch (BatchUpdateException e) {
              assertThat(e.getUpdateCounts()[0]).as("two kinds of events").isEqualTo(2);
              assertThat(e.getMessage()).contains(skipped + " was skipped because table " + bad);
            }
            expected.put(events, true);
            mine.add(events);
            batches.incrementAndGet();
          }
          case 3 -> {
            assertThat(
                    rows(
                        connection,
                        "SELECT COUNT(*) FROM SYS.TABLES t JOIN SYS.DEPENDENCIES d"
                            + " ON t.TABLE_NAME = d.TABLE_NAME"))
                .hasSize(1);
            assertThat(rows(connection, "SELECT * FROM SYS.PROGRESS")).isNotNull();
            assertThat(scalarLong(connection, "SELECT SUM(x) FROM soak_base")).isEqualTo(499_500L);
            queries.addAndGet(3);
          }
          case 4 -> {
            if (!mine.isEmpty()) {
              String root = mine.get(random.nextInt(mine.size()));
              if (root.endsWith("_A")) {
                String family = root.substring(0, root.length() - 2);
                execute(connection, "DROP TABLE " + root + " CASCADE");
                for (String suffix : List.of("_A", "_B", "_C")) {
                  expected.put(family + suffix, false);
                  mine.remove(family + suffix);
                }
              }
            }
          }
          default -> {
            cancelOwnSlowBatch(connection, prefix, expected);
            cancels.incrementAndGet();
            batches.incrementAndGet();
          }
        }
      }
    }
  }

  /**
   * Starts a slow batch on this connection and cancels it from the same client's second connection.
   */
  private static void cancelOwnSlowBatch(
      Connection connection, String prefix, Map<String, Boolean> expected) throws Exception {
    String slow = prefix + "_SLOW";
    String query =
        "SELECT a.x * 1000000 + b.x * 1000 + c.x AS v FROM soak_base a, soak_base b, soak_base c"
            + " WHERE c.x < 3";
    try (Statement statement = connection.createStatement()) {
      statement.addBatch("CREATE TABLE " + slow + " AS " + query + " UNION ALL " + query);
      Thread canceller =
          new Thread(
              () -> {
                try {
                  Thread.sleep(150);
                  statement.cancel();
                } catch (InterruptedException | SQLException e) {
                  throw new IllegalStateException(e);
                }
              });
      canceller.start();
      try {
        statement.executeBatch();
        expected.put(slow, true);
      } catch (BatchUpdateException e) {
        assertThat(e.getMessage()).contains("cancel");
        expected.put(slow, false);
      } finally {
        canceller.join();
      }
    }
  }

  private static void produce(String bootstrapServers, int records) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class.getName(),
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
            StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
      for (int i = 0; i < records; i++) {
        producer.send(
            new ProducerRecord<>(
                "soak-events",
                "k" + i,
                "{\"kind\": \"" + (i % 3 == 0 ? "click" : "view") + "\", \"n\": " + i + "}"));
      }
      producer.flush();
    }
  }

  /**
   * The Kafka consumers still open once those that are closing have closed: a load returns as soon
   * as its rows are in, and its readers' consumers close on their own threads meanwhile (a stopped
   * load's within about a second), so a consumer open at first is a leak only if it stays open.
   *
   * @param kept how many may stay open: kept for the next load
   */
  private static int kafkaConsumersOpenOnceClosed(int kept) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    int open = kafkaConsumersOpen();
    while (open > kept && System.nanoTime() < deadline) {
      Thread.sleep(200);
      open = kafkaConsumersOpen();
    }
    return open;
  }

  private static int kafkaConsumersOpen() throws Exception {
    return ManagementFactory.getPlatformMBeanServer()
        .queryNames(new ObjectName("kafka.consumer:type=consumer-metrics,*"), null)
        .size();
  }
}
