package io.tablewave.e2e;

import static io.tablewave.testing.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tablewave.jdbc.TablewaveConnection;
import io.tablewave.jdbc.TablewaveStatement;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The submitter learns its batch id on every entry point, as a user of the driver sees it: the
 * driver API ({@code lastBatchId()}), the statement's (or, for a commit, the connection's) {@link
 * SQLWarning}, and {@code SYS.MY_BATCHES}.
 */
class SubmittedBatchTest {
  private static final Pattern BATCH_ID = Pattern.compile("^batch (\\d+) ");
  private static TestServer server;

  @BeforeAll
  static void startServer() throws Exception {
    server = TestServer.start(TestStore.DUCKDB);
  }

  @AfterAll
  static void stopServer() throws Exception {
    server.close();
  }

  @Test
  void executeBatchReportsItsBatchThroughTheApiTheWarningAndMyBatches() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      statement.addBatch("CREATE TABLE sb_a AS SELECT * FROM (VALUES (1), (2)) AS t(x)");
      statement.addBatch("CREATE TABLE sb_b AS SELECT COUNT(*) AS n FROM sb_a");
      statement.executeBatch();

      long batchId = batchIdOf(statement);
      assertThat(warnings(statement))
          .containsExactly("batch " + batchId + " SUCCEEDED: 2 tables loaded");
      assertThat(connection.unwrap(TablewaveConnection.class).lastBatchId()).hasValue(batchId);
      assertThat(rows(connection, "SELECT BATCH_ID, STATUS, TABLE_COUNT FROM SYS.MY_BATCHES"))
          .containsExactly(List.of(batchId, "SUCCEEDED", 2));
      assertThat(
              rows(
                  connection,
                  "SELECT TABLE_NAME FROM SYS.BATCH_TABLES WHERE BATCH_ID = "
                      + batchId
                      + " ORDER BY STATEMENT_INDEX"))
          .containsExactly(List.of("SB_A"), List.of("SB_B"));
    }
  }

  @Test
  void aScriptABlockAndASingleCtasEachReportTheirOwnBatch() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      TablewaveStatement tablewave = statement.unwrap(TablewaveStatement.class);
      statement.execute(
          "CREATE TABLE sc_a AS SELECT 1 AS x; CREATE TABLE sc_b AS SELECT x FROM sc_a");
      long script = tablewave.lastBatchId().orElseThrow();
      assertThat(warnings(statement))
          .containsExactly("batch " + script + " SUCCEEDED: 2 tables loaded");

      statement.execute(
          "BEGIN CREATE TABLE sc_c AS SELECT 2 AS x; CREATE TABLE sc_d AS SELECT x FROM sc_c; END");
      long block = tablewave.lastBatchId().orElseThrow();
      assertThat(warnings(statement))
          .as("a new execution clears the previous warning")
          .containsExactly("batch " + block + " SUCCEEDED: 2 tables loaded");

      assertThat(statement.executeUpdate("CREATE TABLE sc_e AS SELECT 3 AS x")).isEqualTo(1);
      long single = tablewave.lastBatchId().orElseThrow();
      assertThat(warnings(statement))
          .containsExactly("batch " + single + " SUCCEEDED: 1 table loaded");

      assertThat(List.of(script, block, single)).doesNotHaveDuplicates();
      assertThat(rows(connection, "SELECT BATCH_ID FROM SYS.MY_BATCHES ORDER BY BATCH_ID"))
          .containsExactly(List.of(script), List.of(block), List.of(single));

      try (ResultSet ignored = statement.executeQuery("SELECT * FROM sc_e")) {
        assertThat(tablewave.lastBatchId()).as("a query submits no batch").isEmpty();
        assertThat((Object) statement.getWarnings()).isNull();
      }
    }
  }

  @Test
  void aCommitInManualCommitModeReportsItsBatchOnTheConnection() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      statement.execute("CREATE TABLE mc_a AS SELECT 1 AS x");
      statement.execute("CREATE TABLE mc_b AS SELECT x FROM mc_a");
      assertThat(statement.unwrap(TablewaveStatement.class).lastBatchId())
          .as("queued, not submitted")
          .isEmpty();
      assertThat((Object) statement.getWarnings()).isNull();

      connection.commit();

      long committed = connection.unwrap(TablewaveConnection.class).lastBatchId().orElseThrow();
      assertThat(warnings(connection))
          .containsExactly("batch " + committed + " SUCCEEDED: 2 tables loaded");
      connection.clearWarnings();
      assertThat((Object) connection.getWarnings()).isNull();

      statement.execute("CREATE TABLE mc_c AS SELECT 3 AS x");
      connection.setAutoCommit(true);
      long onLeavingManualMode =
          connection.unwrap(TablewaveConnection.class).lastBatchId().orElseThrow();
      assertThat(onLeavingManualMode).isGreaterThan(committed);
      assertThat(warnings(connection))
          .containsExactly("batch " + onLeavingManualMode + " SUCCEEDED: 1 table loaded");
      assertThat(rows(connection, "SELECT BATCH_ID FROM SYS.MY_BATCHES ORDER BY BATCH_ID"))
          .containsExactly(List.of(committed), List.of(onLeavingManualMode));
    }
  }

  @Test
  void aBatchWhoseTablesDidNotAllLoadGivesItsIdWithTheBatchUpdateException() throws Exception {
    try (Connection connection = server.connect();
        Statement statement = connection.createStatement()) {
      statement.addBatch("CREATE TABLE pf_text AS SELECT * FROM (VALUES ('12'), ('abc')) AS t(s)");
      statement.addBatch("CREATE TABLE pf_number AS SELECT CAST(s AS INTEGER) AS n FROM pf_text");

      Throwable thrown = catchThrowable(statement::executeBatch);

      assertThat(thrown).isInstanceOf(BatchUpdateException.class);
      Matcher named = Pattern.compile("batch (\\d+)").matcher(thrown.getMessage());
      assertThat(named.find()).as(thrown.getMessage()).isTrue();
      long batchId = Long.parseLong(named.group(1));
      assertThat(statement.unwrap(TablewaveStatement.class).lastBatchId()).hasValue(batchId);
      assertThat(rows(connection, "SELECT BATCH_ID, STATUS FROM SYS.MY_BATCHES"))
          .containsExactly(List.of(batchId, "PARTIAL"));
    }
  }

  @Test
  void myBatchesHoldsOnlyThisConnectionsBatchesWithTheColumnsOfBatches() throws Exception {
    try (Connection mine = server.connect();
        Connection other = server.connect();
        Statement statement = mine.createStatement()) {
      statement.execute("CREATE TABLE own_a AS SELECT 1 AS x");
      long batchId = batchIdOf(statement);

      assertThat(rows(mine, "SELECT BATCH_ID FROM SYS.MY_BATCHES"))
          .containsExactly(List.of(batchId));
      assertThat(rows(other, "SELECT COUNT(*) FROM SYS.MY_BATCHES")).containsExactly(List.of(0L));
      assertThat(rows(other, "SELECT COUNT(*) FROM SYS.BATCHES WHERE BATCH_ID = " + batchId))
          .containsExactly(List.of(1L));
      assertThat(columns(mine, "SELECT * FROM SYS.MY_BATCHES"))
          .isEqualTo(columns(mine, "SELECT * FROM SYS.BATCHES"));
      try (ResultSet tables = mine.getMetaData().getTables(null, "SYS", "MY_BATCHES", null)) {
        assertThat(tables.next()).as("the navigator lists SYS.MY_BATCHES").isTrue();
      }
    }
  }

  private static long batchIdOf(Statement statement) throws Exception {
    OptionalLong id = statement.unwrap(TablewaveStatement.class).lastBatchId();
    assertThat(id).isPresent();
    SQLWarning warning = statement.getWarnings();
    assertThat((Object) warning).isNotNull();
    Matcher matcher = BATCH_ID.matcher(warning.getMessage());
    assertThat(matcher.find()).as(warning.getMessage()).isTrue();
    assertThat(Long.parseLong(matcher.group(1))).isEqualTo(id.getAsLong());
    return id.getAsLong();
  }

  private static List<String> warnings(Statement statement) throws Exception {
    return messages(statement.getWarnings());
  }

  private static List<String> warnings(Connection connection) throws Exception {
    return messages(connection.getWarnings());
  }

  private static List<String> messages(SQLWarning first) {
    List<String> messages = new ArrayList<>();
    for (SQLWarning warning = first; warning != null; warning = warning.getNextWarning()) {
      messages.add(warning.getMessage());
    }
    return messages;
  }

  private static List<String> columns(Connection connection, String query) throws Exception {
    List<String> columns = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(query)) {
      ResultSetMetaData metaData = rows.getMetaData();
      for (int i = 1; i <= metaData.getColumnCount(); i++) {
        columns.add(
            metaData.getColumnName(i)
                + " "
                + metaData.getColumnTypeName(i)
                + " "
                + metaData.isNullable(i));
      }
    }
    return columns;
  }
}
