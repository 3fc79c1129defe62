package io.tablewave.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

class RegistryHistoryTest {
  private static final Instant AT = Instant.parse("2026-12-03T09:00:00Z");

  @Test
  void aRefreshHistoryKeptByAnEarlierServerIsReadAndGainsTheColumnsItLacked() throws SQLException {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:history;DB_CLOSE_DELAY=-1");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA reg");
      // the table as a server before offset ranges were recorded wrote it
      statement.execute(
          "CREATE TABLE reg.tw_refreshes (REFRESH_ID BIGINT NOT NULL PRIMARY KEY,"
              + " TABLE_NAME VARCHAR(512) NOT NULL, BATCH_ID BIGINT NOT NULL, MODE VARCHAR(32) NOT NULL,"
              + " STARTED_AT BIGINT, FINISHED_AT BIGINT NOT NULL, ROWS_APPENDED BIGINT NOT NULL,"
              + " STATUS VARCHAR(32) NOT NULL, ERROR_MESSAGE VARCHAR(10000))");
      statement.execute(
          "INSERT INTO reg.tw_refreshes VALUES (1, 'ORDERS', 3, 'FULL', "
              + AT.toEpochMilli()
              + ", "
              + AT.toEpochMilli()
              + ", 10, 'SUCCEEDED', NULL)");
    }
    RegistryHistory<RefreshEntry> history = open(dataSource, 2);

    assertThat(history.rows())
        .containsExactly(
            new RefreshEntry(1, "ORDERS", 3, "FULL", AT, AT, 10, "SUCCEEDED", null, null));

    history.add(
        List.of(
            new RefreshEntry(
                0, "ORDERS", 4, "INCREMENTAL", AT, AT, 5, "SUCCEEDED", null, "t/0:10-15"),
            new RefreshEntry(
                0, "TOTALS", 4, "FULL", null, AT, 1, "SKIPPED", "input failed", null)));
    RegistryHistory<RefreshEntry> reopened = open(dataSource, 2);

    assertThat(reopened.rows())
        .extracting(RefreshEntry::refreshId, RefreshEntry::tableName, RefreshEntry::offsetRanges)
        .containsExactly(tuple(2L, "ORDERS", "t/0:10-15"), tuple(3L, "TOTALS", null));
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement();
        ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM reg.tw_refreshes")) {
      count.next();
      assertThat(count.getLong(1)).isEqualTo(2);
    }
  }

  @Test
  void rowsAddedInTheCallersTransactionCountOnlyOnceItCommits() throws SQLException {
    JdbcDataSource dataSource = databaseWithSchemaReg("history-in-transaction");
    RegistryHistory<RefreshEntry> history = open(dataSource, 10);
    RegistryHistory<RefreshEntry>.Addition rolledBack = history.prepare(List.of(entry("A")));
    RegistryHistory<RefreshEntry>.Addition first = history.prepare(List.of(entry("B")));
    RegistryHistory<RefreshEntry>.Addition second = history.prepare(List.of(entry("C")));
    try (KeptConnection transaction = new KeptConnection(dataSource.getConnection())) {
      Connection connection = transaction.connection();
      connection.setAutoCommit(false);
      rolledBack.write(transaction);
      connection.rollback();
      // the later number commits first
      second.write(transaction);
      connection.commit();
      second.committed();
      first.write(transaction);
      connection.commit();
      first.committed();
    }

    assertThat(history.rows())
        .extracting(RefreshEntry::refreshId, RefreshEntry::tableName)
        .containsExactly(tuple(2L, "B"), tuple(3L, "C"));
    assertThat(open(dataSource, 10).rows()).isEqualTo(history.rows());
    assertThat(history.lastId()).as("a rolled back number is not given again").isEqualTo(3);
  }

  @Test
  void rowsCommittedInAnyOrderAreKeptInTheOrderOfTheirNumbers() throws SQLException {
    JdbcDataSource dataSource = databaseWithSchemaReg("history-out-of-order");
    RegistryHistory<RefreshEntry> history = open(dataSource, 100);
    List<RegistryHistory<RefreshEntry>.Addition> additions = new ArrayList<>();
    for (String table : List.of("A", "B", "C", "D", "E", "F")) {
      additions.add(history.prepare(List.of(entry(table))));
    }
    try (KeptConnection transaction = new KeptConnection(dataSource.getConnection())) {
      Connection connection = transaction.connection();
      connection.setAutoCommit(false);
      // F, then C, then A, then E, then B, then D: rows land before one, two and three later rows
      for (int index : new int[] {5, 2, 0, 4, 1, 3}) {
        additions.get(index).write(transaction);
        connection.commit();
        additions.get(index).committed();
      }
    }

    assertThat(history.rows())
        .extracting(RefreshEntry::refreshId, RefreshEntry::tableName)
        .containsExactly(
            tuple(1L, "A"),
            tuple(2L, "B"),
            tuple(3L, "C"),
            tuple(4L, "D"),
            tuple(5L, "E"),
            tuple(6L, "F"));
    assertThat(open(dataSource, 100).rows()).isEqualTo(history.rows());
  }

  /** An empty H2 database of its own with the schema the histories are kept in. */
  private static JdbcDataSource databaseWithSchemaReg(String name) throws SQLException {
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE SCHEMA reg");
    }
    return dataSource;
  }

  private static RefreshEntry entry(String table) {
    return new RefreshEntry(0, table, 7, "INCREMENTAL", AT, AT, 1, "SUCCEEDED", null, "t/0:0-1");
  }

  private static RegistryHistory<RefreshEntry> open(JdbcDataSource dataSource, int rows) {
    RegistryHistory<RefreshEntry> history =
        new RegistryHistory<>(
            RegistryTables.REFRESHES,
            dataSource,
            "reg",
            new RegistryHistory.Retention(rows, Duration.ofDays(1)),
            Clock.fixed(AT, ZoneOffset.UTC),
            RefreshEntry::refreshId,
            RefreshEntry::finishedAt,
            RefreshEntry::withId);
    history.open();
    return history;
  }
}
