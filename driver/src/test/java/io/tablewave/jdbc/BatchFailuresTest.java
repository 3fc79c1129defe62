package io.tablewave.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchFailuresTest {
  private Connection h2;

  @BeforeEach
  void createRegistry() throws SQLException {
    h2 = DriverManager.getConnection("jdbc:h2:mem:batches" + System.nanoTime());
    try (Statement statement = h2.createStatement()) {
      statement.execute("CREATE SCHEMA SYS");
      statement.execute(
          "CREATE TABLE SYS.BATCH_TABLES (BATCH_ID BIGINT, STATEMENT_INDEX INT,"
              + " STATUS VARCHAR, ROWS_LOADED BIGINT)");
      statement.execute(
          "INSERT INTO SYS.BATCH_TABLES VALUES (17, 2, 'SKIPPED', 0), (17, 0, 'SUCCEEDED', 40),"
              + " (17, 1, 'FAILED', 3), (17, 3, 'SUCCEEDED', NULL), (18, 0, 'SUCCEEDED', 9)");
    }
  }

  @AfterEach
  void close() throws SQLException {
    h2.close();
  }

  @Test
  void partialBatchAtCommitGetsCountsInStatementOrder() {
    SQLException server =
        new SQLException("batch 17: 2 of 4 tables did not load\nB failed: boom", "TW100", 1100);

    SQLException translated = BatchFailures.forBatchEnd(server, h2);

    assertThat((Throwable) translated).isInstanceOf(BatchUpdateException.class);
    BatchUpdateException batch = (BatchUpdateException) translated;
    assertThat(batch.getLargeUpdateCounts())
        .containsExactly(
            40L, Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED, Statement.SUCCESS_NO_INFO);
    assertThat(batch.getMessage()).isEqualTo(server.getMessage());
    assertThat(batch.getSQLState()).isEqualTo("TW100");
    assertThat(batch.getErrorCode()).isEqualTo(1100);
    assertThat(batch.getCause()).isSameAs(server);
  }

  @Test
  void executeBatchCountsCoverEveryStatementAdded() {
    SQLException server = new SQLException("batch 18: 1 of 3 tables did not load", "TW100", 1100);

    BatchUpdateException batch = BatchFailures.forExecuteBatch(server, h2, 3);

    assertThat(batch.getUpdateCounts())
        .containsExactly(9, Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED);
  }

  @Test
  void aCancelledBatchKeepsTheCountsOfTheTablesItLoadedBefore() {
    SQLException server =
        new SQLException(
            "batch 18: 2 of 3 tables did not load\n  table B was cancelled: stop", "57014", 1200);

    BatchUpdateException batch = BatchFailures.forExecuteBatch(server, h2, 3);

    assertThat(batch.getUpdateCounts())
        .containsExactly(9, Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED);
    assertThat(batch.getSQLState()).isEqualTo("57014");
  }

  @Test
  void otherErrorsPassUnchangedOrFailEveryStatement() {
    SQLException cycle = new SQLException("circular dependency: A -> B -> A", "42000", 1003);
    SQLException idOnSecondLine = new SQLException("tables did not load\nbatch 17", "TW100", 1100);

    assertThat((Throwable) BatchFailures.forBatchEnd(cycle, h2)).isSameAs(cycle);
    assertThat((Throwable) BatchFailures.forBatchEnd(idOnSecondLine, h2)).isSameAs(idOnSecondLine);
    BatchUpdateException rejected = BatchFailures.forExecuteBatch(cycle, h2, 2);
    assertThat(rejected.getUpdateCounts())
        .containsExactly(Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED);
    assertThat(rejected.getSQLState()).isEqualTo("42000");
    assertThat(rejected.getErrorCode()).isEqualTo(1003);
    assertThat(rejected.getMessage()).contains("A -> B -> A");
  }

  @Test
  void unreadableRegistryStillGivesBatchExceptionAndKeepsTheReason() throws SQLException {
    try (Statement statement = h2.createStatement()) {
      statement.execute("DROP TABLE SYS.BATCH_TABLES");
    }
    SQLException server = new SQLException("batch 17: 2 of 4 tables did not load", "TW100", 1100);

    BatchUpdateException batch = BatchFailures.forExecuteBatch(server, h2, 4);

    assertThat(batch.getUpdateCounts()).hasSize(4).containsOnly(Statement.EXECUTE_FAILED);
    assertThat(batch.getSuppressed()).singleElement().isInstanceOf(SQLException.class);
  }
}
