package io.tablewave.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.avatica.AvaticaConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndToEndTest {
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
  void driverManagerFindsTheBrandedDriver() throws SQLException {
    assertThat(DriverManager.getDriver(server.jdbcUrl())).isInstanceOf(Driver.class);
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      DatabaseMetaData metaData = connection.getMetaData();
      assertThat(metaData.getDriverName()).isEqualTo("Tablewave JDBC Driver");
      assertThat(metaData.getDatabaseProductName()).isEqualTo("Tablewave");
      assertThat(metaData.getURL()).isEqualTo(server.jdbcUrl());
    }
  }

  @Test
  void connectionPropertiesReachTheServer() throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", "ann");
    info.setProperty("password", "secret");
    try (Connection connection =
        DriverManager.getConnection(server.jdbcUrl() + ";parallelism=3;timeout=2h", info)) {
      assertThat(connection.isValid(5)).isTrue();
    }

    assertThat(server.openConnectionInfos())
        .singleElement()
        .satisfies(
            opened ->
                assertThat(opened)
                    .containsEntry("user", "ann")
                    .containsEntry("password", "secret")
                    .containsEntry("parallelism", "3")
                    .containsEntry("timeout", "2h"));
  }

  @Test
  void responseTimeoutIsUnlimitedUnlessTimeoutIsGiven() throws SQLException {
    try (Connection unlimited = DriverManager.getConnection(server.jdbcUrl());
        Connection limited = DriverManager.getConnection(server.jdbcUrl() + ";timeout=30s")) {
      assertThat(unlimited.unwrap(AvaticaConnection.class).config().getHttpResponseTimeout())
          .isZero();
      assertThat(limited.unwrap(AvaticaConnection.class).config().getHttpResponseTimeout())
          .isEqualTo(30_000);
      assertThat(limited.unwrap(AvaticaConnection.class).config().serialization())
          .isEqualTo("protobuf");
    }
  }

  @Test
  void serverErrorsArriveAsSqlExceptionsWithTheServersWords() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement()) {
      SQLException query =
          catchThrowableOfType(
              SQLException.class, () -> statement.executeQuery("SELECT * FROM NO_SUCH_TABLE"));
      SQLException update =
          catchThrowableOfType(
              SQLException.class,
              () -> statement.executeUpdate("INSERT INTO NO_SUCH_TABLE VALUES (1)"));
      SQLException prepare =
          catchThrowableOfType(
              SQLException.class, () -> connection.prepareStatement("SELEC nonsense"));

      assertThat(query.getMessage())
          .contains("NO_SUCH_TABLE")
          .doesNotContain("Remote driver error")
          .doesNotContain("Error while executing");
      assertThat(query.getSQLState()).isEqualTo("42S02");
      assertThat(query.getErrorCode()).isEqualTo(42102);
      assertThat(update.getSQLState()).isEqualTo("42S02");
      assertThat(prepare.getMessage()).contains("SELEC");
    }
  }

  @Test
  void executeBatchReturnsRowCounts() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE T (ID INT PRIMARY KEY)");
      statement.addBatch("INSERT INTO T VALUES (1)");
      statement.addBatch("INSERT INTO T SELECT X + 1 FROM SYSTEM_RANGE(1, 3)");

      assertThat(statement.executeBatch()).containsExactly(1, 3);
      assertThat(statement.executeBatch()).isEmpty();
    }
  }

  @Test
  void emptyBatchNeedsNoServer() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement()) {
      server.stop();

      assertThat(statement.executeBatch()).isEmpty();
      assertThat(statement.executeLargeBatch()).isEmpty();
    }
  }

  @Test
  void partiallyFailedBatchGivesCountsFromTheRegistry() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE T (ID INT PRIMARY KEY)");
      statement.addBatch("INSERT INTO T VALUES (1)");
      statement.addBatch("INSERT INTO T VALUES (1)");
      statement.addBatch("INSERT INTO T SELECT X + 1 FROM SYSTEM_RANGE(1, 2)");

      BatchUpdateException e =
          catchThrowableOfType(BatchUpdateException.class, statement::executeBatch);

      assertThat(e.getErrorCode()).isEqualTo(1100);
      assertThat(e.getSQLState()).isEqualTo("TW100");
      assertThat(e.getMessage()).startsWith("batch ").contains("1 of 3 tables did not load");
      assertThat(e.getUpdateCounts()).containsExactly(1, Statement.EXECUTE_FAILED, 2);
      assertThat(e.getLargeUpdateCounts()).containsExactly(1L, Statement.EXECUTE_FAILED, 2L);
      assertThat(e.getSuppressed()).isEmpty();
    }
  }

  @Test
  void batchRejectedAtPlanningFailsEveryStatement() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.addBatch("CREATE TABLE A AS SELECT 1 AS X");
      statement.addBatch("CREATE TABLE B AS SELECT * FROM MISSING_TABLE");

      BatchUpdateException e =
          catchThrowableOfType(BatchUpdateException.class, statement::executeBatch);

      assertThat(e.getUpdateCounts())
          .containsExactly(Statement.EXECUTE_FAILED, Statement.EXECUTE_FAILED);
      assertThat(e.getSQLState()).isEqualTo("42S02");
      assertThat(e.getMessage()).contains("MISSING_TABLE").doesNotContain("Remote driver error");
      assertThat(connection.getMetaData().getTables(null, null, "A", null).next()).isFalse();
    }
  }

  @Test
  void scriptEndingInPartialFailureGivesBatchUpdateException() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE T (ID INT PRIMARY KEY)");

      BatchUpdateException e =
          catchThrowableOfType(
              BatchUpdateException.class,
              () -> statement.execute("INSERT INTO T VALUES (5); INSERT INTO T VALUES (5)"));

      assertThat(e.getErrorCode()).isEqualTo(1100);
      assertThat(e.getUpdateCounts()).containsExactly(1, Statement.EXECUTE_FAILED);
    }
  }

  @Test
  void preparedStatementBatchWorksAndEmptyOneIsLocal() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE P (ID INT)");
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO P VALUES (?)")) {
        assertThat(insert.executeBatch()).isEmpty();
        insert.setInt(1, 1);
        insert.addBatch();
        insert.setInt(1, 2);
        insert.addBatch();
        assertThat(insert.executeBatch()).containsExactly(1, 1);
        assertThat(insert.getConnection()).isSameAs(connection);
      }
    }
  }

  @Test
  void commitAndRollbackInAutoCommitModeStayLocal() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      assertThat(connection.getAutoCommit()).isTrue();
      assertThatCode(connection::commit).doesNotThrowAnyException();
      assertThatCode(connection::rollback).doesNotThrowAnyException();
    }
  }

  @Test
  void manualCommitModeIsSyncedToTheServer() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Connection other = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE M (ID INT)");
      connection.setAutoCommit(false);
      assertThat(connection.getAutoCommit()).isFalse();
      statement.executeUpdate("INSERT INTO M VALUES (1)");
      connection.rollback();
      statement.executeUpdate("INSERT INTO M VALUES (2)");
      connection.commit();

      try (ResultSet rows = other.createStatement().executeQuery("SELECT ID FROM M")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getInt(1)).isEqualTo(2);
        assertThat(rows.next()).isFalse();
      }
      connection.setAutoCommit(true);
      assertThat(connection.getAutoCommit()).isTrue();
    }
  }

  @Test
  void metaDataAndConnectionStateTheStockClientGetsWrong() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      DatabaseMetaData metaData = connection.getMetaData();
      assertThat(metaData.supportsTransactions()).isTrue();
      assertThat(metaData.supportsBatchUpdates()).isTrue();
      assertThat(metaData.isReadOnly()).isFalse();
      assertThat(connection.isReadOnly()).isFalse();

      connection.setReadOnly(true);
      assertThat(connection.isReadOnly()).isTrue();
      assertThat(metaData.isReadOnly()).isTrue();
      connection.setReadOnly(false);
      assertThat(connection.isReadOnly()).isFalse();
    }
  }

  @Test
  void settersDBeaverCallsDoNotThrow() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement =
            connection.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
      connection.setSchema("PUBLIC");
      connection.setCatalog(connection.getCatalog());
      statement.setMaxRows(200);
      // setQueryTimeout becomes the Tablewave server's batch_timeout setting, which this H2-backed
      // Avatica server does not know; server/.../DbeaverSessionTest covers it against Tablewave.
      statement.execute("SELECT X FROM SYSTEM_RANGE(1, 500)");
      int rows = 0;
      try (ResultSet resultSet = statement.getResultSet()) {
        while (resultSet.next()) {
          rows++;
        }
      }
      assertThat(rows).isEqualTo(200);
      assertThat(connection.getSchema()).isEqualTo("PUBLIC");
    }
  }

  @Test
  void wrappedObjectsHandOutWrappedRelatives() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT 1 AS ONE")) {
      assertThat(statement.getConnection()).isSameAs(connection);
      assertThat(rows.getStatement()).isSameAs(statement);
      assertThat(connection.getMetaData().getConnection()).isSameAs(connection);
      ResultSetMetaData columns = rows.getMetaData();
      assertThat(columns.getColumnLabel(1)).isEqualTo("ONE");
      assertThatThrownBy(() -> columns.getColumnLabel(7)).isInstanceOf(SQLException.class);

      assertThat(connection.isWrapperFor(AvaticaConnection.class)).isTrue();
      assertThat(connection.unwrap(AvaticaConnection.class)).isInstanceOf(AvaticaConnection.class);
      assertThat(connection.unwrap(Connection.class)).isSameAs(connection);
      assertThat(statement.isWrapperFor(Statement.class)).isTrue();
      assertThatThrownBy(() -> connection.unwrap(String.class)).isInstanceOf(SQLException.class);

      try (ResultSet schemas = connection.getMetaData().getSchemas()) {
        assertThat(schemas.getStatement().getConnection()).isSameAs(connection);
        assertThat(schemas.next()).isTrue();
      }
    }
  }

  @Test
  void everyNoArgumentMetaDataMethodAnswersWithoutUncheckedExceptions() throws Exception {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl())) {
      DatabaseMetaData metaData = connection.getMetaData();
      List<String> failures = new ArrayList<>();
      for (Method method : DatabaseMetaData.class.getMethods()) {
        if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())) {
          continue;
        }
        try {
          Object result = method.invoke(metaData);
          if (result instanceof ResultSet resultSet) {
            resultSet.close();
          }
        } catch (java.lang.reflect.InvocationTargetException e) {
          if (!(e.getCause() instanceof SQLException)) {
            failures.add(method.getName() + ": " + e.getCause());
          }
        }
      }
      assertThat(failures).isEmpty();
    }
  }

  @Test
  void serverGoneGivesConnectionFailureAndCloseStillWorks() throws SQLException {
    Connection connection = DriverManager.getConnection(server.jdbcUrl());
    Statement statement = connection.createStatement();
    ResultSet rows = statement.executeQuery("SELECT 1");
    assertThat(connection.isValid(5)).isTrue();
    server.stop();

    SQLException e =
        catchThrowableOfType(SQLException.class, () -> statement.executeQuery("SELECT 2"));

    assertThat(e.getSQLState()).isEqualTo("08006");
    assertThat(connection.isValid(5)).isFalse();
    assertThatCode(rows::close).doesNotThrowAnyException();
    assertThatCode(statement::close).doesNotThrowAnyException();
    assertThatCode(connection::close).doesNotThrowAnyException();
    assertThat(connection.isClosed()).isTrue();
  }

  @Test
  void serverGoneWhileRowsAreReadFailsTheNextRowWithConnectionFailure() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT X FROM SYSTEM_RANGE(1, 5000)")) {
      assertThat(rows.next()).isTrue();
      assertThat(rows.getObject(1)).isEqualTo(1L);
      server.stop();

      // the rows of the first frame are read; the next frame's request finds no server
      SQLException e =
          catchThrowableOfType(
              SQLException.class,
              () -> {
                while (rows.next()) {
                  rows.getObject(1);
                }
              });

      assertThat((Throwable) e).as("reading past the first frame fails").isNotNull();
      assertThat(e.getSQLState()).isEqualTo("08006");
    }
  }

  @Test
  void isValidAnswersWithinItsTimeoutWhenTheServerDoesNotAnswer() throws Exception {
    Connection connection = DriverManager.getConnection(server.jdbcUrl());
    int port = server.port();
    server.stop();
    List<Socket> accepted = new ArrayList<>();
    long millis;
    try (ServerSocket silent = new ServerSocket()) {
      // Accepts the driver's requests and never answers them, like a server that hangs.
      silent.setReuseAddress(true);
      silent.bind(new InetSocketAddress("127.0.0.1", port));
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) {
                    Socket socket = silent.accept();
                    synchronized (accepted) {
                      accepted.add(socket);
                    }
                  }
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      long started = System.nanoTime();
      assertThat(connection.isValid(1)).isFalse();
      millis = (System.nanoTime() - started) / 1_000_000;
    } finally {
      synchronized (accepted) {
        for (Socket socket : accepted) {
          socket.close();
        }
      }
    }
    // Without the timeout the probe waits for the HTTP client's response timeout: 3 minutes.
    assertThat(millis).as("isValid(1) took %d ms", millis).isLessThan(60_000);
    assertThatCode(connection::close).doesNotThrowAnyException();
  }

  @Test
  void serverRestartGivesConnectionSqlStateAndCloseStillWorks() throws SQLException {
    Connection connection = DriverManager.getConnection(server.jdbcUrl());
    int port = server.port();
    server.stop();
    try (H2AvaticaServer restarted = server.restartOn(port)) {
      SQLException e = catchThrowableOfType(SQLException.class, connection::createStatement);

      assertThat(e.getSQLState()).startsWith("08");
      assertThatCode(connection::close).doesNotThrowAnyException();
      try (Connection fresh = DriverManager.getConnection(restarted.jdbcUrl())) {
        assertThat(fresh.isValid(5)).isTrue();
      }
    }
  }

  @Test
  void openConnectionInfoHoldsNoAvaticaClientSettings() throws SQLException {
    try (Connection connection = DriverManager.getConnection(server.jdbcUrl() + ";parallelism=2")) {
      assertThat(connection.isClosed()).isFalse();
    }
    Map<String, String> opened = server.openConnectionInfos().get(0);
    assertThat(opened).doesNotContainKeys("url", "serialization", "http_response_timeout");
  }
}
