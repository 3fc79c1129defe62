package io.tablewave.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Plain statements reuse the server statements of those closed before them, counted by the requests
 * Avatica's stock server answers.
 */
class StatementReuseTest {
  private H2AvaticaServer server;

  @BeforeEach
  void startServer() throws SQLException {
    server = H2AvaticaServer.start();
  }

  @AfterEach
  void stopServer() throws SQLException {
    server.close();
  }

  @Test
  void statementsRunOneAfterAnotherShareOneServerStatementUntilTheConnectionCloses()
      throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      for (int i = 0; i < 30; i++) {
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery("SELECT " + i)) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1)).isEqualTo(i);
        }
        try (Statement statement = connection.createStatement()) {
          assertThat(statement.executeUpdate("CREATE TABLE T" + i + " (X INT)")).isZero();
        }
      }
      assertThat(server.statementsCreated()).isEqualTo(1);
      assertThat(server.statementsClosed()).isZero();
    }
    assertThat(server.statementsClosed())
        .as("the statement kept open is closed with its connection")
        .isEqualTo(1);
  }

  @Test
  void aStatementClosedBeforeItsRowsWereAllReadIsClosedOnTheServer() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE MANY AS SELECT X FROM SYSTEM_RANGE(1, 1000)");
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT X FROM MANY ORDER BY X")) {
        assertThat(rows.next()).isTrue();
      }
      assertThat(server.statementsClosed()).isEqualTo(1);

      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT X FROM MANY ORDER BY X")) {
        int read = 0;
        while (rows.next()) {
          read++;
        }
        assertThat(read).isEqualTo(1000);
      }
      assertThat(server.statementsCreated()).isEqualTo(2);
      assertThat(server.statementsClosed())
          .as("a statement whose rows were all read stays open for the next")
          .isEqualTo(1);
    }
  }

  @Test
  void aStatementTheServerForgotIsCreatedAgain() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE TABLE KEPT (X INT)");
      }
      server.forgetStatements();

      try (Statement statement = connection.createStatement()) {
        assertThat(statement.executeUpdate("INSERT INTO KEPT VALUES (7)")).isEqualTo(1);
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT X FROM KEPT")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(7);
      }
      assertThat(server.statementsCreated()).isEqualTo(2);
    }
  }

  @Test
  void aConnectionTheRestartedServerForgotFailsAtTheNextExecutionAndStillCloses()
      throws SQLException {
    Connection connection = DriverManager.getConnection(server.jdbcUrl());
    try (Statement statement = connection.createStatement()) {
      statement.execute("SELECT 1");
    }
    int port = server.port();
    server.stop();
    try (H2AvaticaServer restarted = server.restartOn(port)) {
      Statement kept = connection.createStatement();

      SQLException e = catchThrowableOfType(SQLException.class, () -> kept.execute("SELECT 2"));

      assertThat(e.getSQLState()).startsWith("08");
      assertThatCode(kept::close).doesNotThrowAnyException();
      assertThatCode(connection::close).doesNotThrowAnyException();
      assertThat(connection.isClosed()).isTrue();
    }
  }

  @Test
  void atMostEightStatementsAreKeptOpenForOneConnection() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      List<Statement> open = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        Statement statement = connection.createStatement();
        statement.execute("SELECT " + i);
        open.add(statement);
      }
      for (Statement statement : open) {
        statement.close();
      }
      assertThat(server.statementsCreated()).isEqualTo(12);
      assertThat(server.statementsClosed()).isEqualTo(12 - ReusedStatements.MAX_IDLE);

      for (int i = 0; i < ReusedStatements.MAX_IDLE; i++) {
        open.set(i, connection.createStatement());
      }
      assertThat(server.statementsCreated()).isEqualTo(12);
      try (Statement oneMore = connection.createStatement()) {
        assertThat(server.statementsCreated()).isEqualTo(13);
      }
    }
  }

  @Test
  void preparedStatementsAreNotKept() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      for (int i = 0; i < 3; i++) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT CAST(? AS INT)")) {
          statement.setInt(1, i);
          try (ResultSet rows = statement.executeQuery()) {
            assertThat(rows.next()).isTrue();
            assertThat(rows.getInt(1)).isEqualTo(i);
          }
        }
      }
      assertThat(server.statementsClosed()).isEqualTo(3);
    }
  }

  @Test
  void aBatchLeavesItsStatementToBeTakenAgain() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      try (Statement statement = connection.createStatement()) {
        statement.addBatch("CREATE TABLE B1 (X INT)");
        statement.addBatch("CREATE TABLE B2 (X INT)");
        assertThat(statement.executeBatch()).hasSize(2);
      }
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME IN ('B1', 'B2')")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(2);
      }
      assertThat(server.statementsCreated()).isEqualTo(1);
    }
  }
}
