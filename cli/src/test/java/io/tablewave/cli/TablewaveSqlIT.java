package io.tablewave.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tablewave-sql} as a user runs it, against a demo-mode server with its Kafka broker.
 */
class TablewaveSqlIT {
  private static TestServer server;

  @TempDir Path scripts;

  @BeforeAll
  static void startServer() throws Exception {
    server = TestServer.start(TestStore.DUCKDB, Map.of(ServerOption.DEMO, "true"));
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  private Path script(String name, String sql) throws Exception {
    Path file = scripts.resolve(name);
    Files.writeString(file, sql);
    return file;
  }

  @Test
  void aScriptRunsAsOneBatchInDependencyOrderAndPrintsARowPerTable() throws Exception {
    Path file =
        script(
            "pipeline.sql",
            """
        CREATE TABLE cli_report AS SELECT country, COUNT(*) AS n FROM cli_customers GROUP BY country;
        CREATE TABLE cli_customers AS SELECT customer_id, country FROM kafka://customers;
        CREATE TABLE cli_countries AS SELECT DISTINCT country FROM cli_customers;
        """);

    CommandRun run = CommandRun.of("tablewave-sql", "-u", server.url(), "-f", file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err())
        .contains("Submitting 3 tables in 2 waves")
        .containsPattern("batch (\\d+): http://[^/\\s]+/ui/\\?batch=\\1\\n");
    assertThat(run.out())
        .containsPattern("TABLE\\s+WAVE\\s+STATUS\\s+ROWS\\s+SECONDS\\s+DETAIL")
        .containsPattern("CLI_REPORT\\s+2\\s+SUCCEEDED\\s+\\d+")
        .containsPattern("CLI_CUSTOMERS\\s+1\\s+SUCCEEDED\\s+[1-9][\\d,]*")
        .containsPattern("CLI_COUNTRIES\\s+2\\s+SUCCEEDED")
        .containsPattern("batch \\d+ SUCCEEDED: 3 tables, 3 succeeded, 0 failed, 0 skipped");
    try (Connection connection = DriverManager.getConnection(server.url());
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT COUNT(DISTINCT BATCH_ID), COUNT(*) FROM SYS.BATCH_TABLES"
                    + " WHERE TABLE_NAME IN ('CLI_REPORT', 'CLI_CUSTOMERS', 'CLI_COUNTRIES')")) {
      rows.next();
      assertThat(rows.getInt(1)).as("the three tables came in one batch").isEqualTo(1);
      assertThat(rows.getInt(2)).isEqualTo(3);
    }
  }

  @Test
  void aFailedTableAndItsSkippedDependentAreShownAndTheExitStatusIsOne() throws Exception {
    Path file =
        script(
            "failing.sql",
            """
        CREATE TABLE cli_ok AS SELECT * FROM (VALUES (1), (2)) AS t(x);
        CREATE TABLE cli_bad AS SELECT * FROM kafka://orders;
        CREATE TABLE cli_after_bad AS SELECT COUNT(*) AS n FROM cli_bad;
        """);

    CommandRun run =
        CommandRun.of("tablewave-sql", "-u", server.url(), "--no-progress", "-f", file.toString());

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.out())
        .containsPattern("CLI_OK\\s+1\\s+SUCCEEDED\\s+2")
        .containsPattern(
            "CLI_BAD\\s+1\\s+FAILED\\s+0\\s+[\\d.]*\\s+bad record in topic orders partition \\d+ offset")
        .containsPattern("CLI_AFTER_BAD\\s+2\\s+SKIPPED\\s+0\\s+skipped: CLI_BAD failed")
        .containsPattern("batch \\d+ PARTIAL: 3 tables, 1 succeeded, 1 failed, 1 skipped");
  }

  @Test
  void aRefusedBatchPrintsTheReasonAndCreatesNothing() throws Exception {
    Path file =
        script(
            "cycle.sql",
            """
        CREATE TABLE cli_a AS SELECT * FROM cli_b;
        CREATE TABLE cli_b AS SELECT * FROM cli_a;
        """);

    CommandRun run = CommandRun.of("tablewave-sql", "-u", server.url(), "-f", file.toString());

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("circular dependency").contains("CLI_A -> CLI_B -> CLI_A");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aLongLoadShowsLiveProgress() throws Exception {
    String bootstrap;
    try (Connection connection = DriverManager.getConnection(server.url());
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT \"VALUE\" FROM SYS.SERVER WHERE NAME = 'kafka_bootstrap'")) {
      assertThat(rows.next()).isTrue();
      bootstrap = rows.getString(1);
    }
    Properties producer = new Properties();
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producer.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    long inTopic;
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin
          .createTopics(List.of(new NewTopic("cli_events", 2, (short) 1)))
          .all()
          .get(30, TimeUnit.SECONDS);
      try (KafkaProducer<String, String> records =
          new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 600_000; i++) {
          records.send(
              new ProducerRecord<>("cli_events", "{\"id\": " + i + ", \"kind\": \"view\"}"));
        }
      }
      inTopic = 0;
      for (ListOffsetsResult.ListOffsetsResultInfo end :
          admin
              .listOffsets(
                  Map.of(
                      new TopicPartition("cli_events", 0), OffsetSpec.latest(),
                      new TopicPartition("cli_events", 1), OffsetSpec.latest()))
              .all()
              .get(30, TimeUnit.SECONDS)
              .values()) {
        inTopic += end.offset();
      }
    }
    // The in-process broker may refuse a few batches when the machine is loaded (out of order
    // sequence numbers); the load must then read what the topic holds, every record once.
    assertThat(inTopic).as("records in the topic").isGreaterThan(500_000);
    Path file =
        script("events.sql", "CREATE TABLE cli_events AS SELECT * FROM kafka://cli_events;\n");

    CommandRun run = CommandRun.of("tablewave-sql", "-u", server.url(), "-f", file.toString());

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.err())
        .containsPattern("batch \\d+: 0/1 tables done, 1 loading, [\\d,]+ rows, [\\d,]+ rows/s");
    assertThat(run.out())
        .containsPattern(
            "CLI_EVENTS\\s+1\\s+SUCCEEDED\\s+" + String.format(Locale.ROOT, "%,d", inTopic));
  }

  @Test
  void sqllineRunsQueriesNonInteractively() throws Exception {
    Path file =
        script(
            "queries.sql",
            """
        SELECT NAME FROM SYS.SERVER WHERE NAME = 'version';
        SELECT COUNT(*) AS TOPICS FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'KAFKA' AND TABLE_NAME = 'orders';
        """);

    CommandRun run =
        CommandRun.of("tablewave-sql", "-u", server.url(), "--outputformat=csv", "--run=" + file);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .contains("'NAME'")
        .contains("'version'")
        .contains("'TOPICS'")
        .contains("'1'");
  }

  @Test
  void sqllineShowsTheBatchIdOfEachStatementFromItsWarning() throws Exception {
    Path file =
        script(
            "ctas.sql",
            """
        CREATE TABLE sqlline_a AS SELECT * FROM (VALUES (1), (2)) AS t(x);
        CREATE TABLE sqlline_b AS SELECT COUNT(*) AS n FROM sqlline_a;
        """);

    CommandRun run = CommandRun.of("tablewave-sql", "-u", server.url(), "--run=" + file);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    String printed = run.out() + run.err();
    Matcher reported = Pattern.compile("batch (\\d+) SUCCEEDED: 1 table loaded").matcher(printed);
    List<Long> batchIds = new ArrayList<>();
    while (reported.find()) {
      long batchId = Long.parseLong(reported.group(1));
      if (!batchIds.contains(batchId)) {
        batchIds.add(batchId);
      }
    }
    assertThat(batchIds).as("one batch per statement, each shown: %s", printed).hasSize(2);
    try (Connection connection = DriverManager.getConnection(server.url());
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT TABLE_NAME FROM SYS.BATCH_TABLES WHERE BATCH_ID IN ("
                    + batchIds.get(0)
                    + ", "
                    + batchIds.get(1)
                    + ") ORDER BY BATCH_ID")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("SQLLINE_A");
      assertThat(rows.next()).isTrue();
      assertThat(rows.getString(1)).isEqualTo("SQLLINE_B");
    }
  }

  @Test
  void sqllineInAPipePrintsTablesWithTheirValuesAndNoIsolationWarning() throws Exception {
    Path file =
        script(
            "table.sql",
            """
        SELECT NAME FROM SYS.SERVER WHERE NAME = 'version';
        """);

    CommandRun run = CommandRun.of("tablewave-sql", "-u", server.url(), "--run=" + file);

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .containsPattern("\\|\\s*NAME\\s*\\|")
        .containsPattern("\\|\\s*version\\s*\\|");
    assertThat(run.out() + run.err()).doesNotContain("isolation");
  }

  @Test
  void helpListsTheOptions() throws Exception {
    CommandRun run = CommandRun.of("tablewave-sql", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("-f SCRIPT").contains("jdbc:tablewave://localhost:8765");
  }
}
