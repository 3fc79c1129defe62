package io.tablewave.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.Driver.Serialization;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.server.HttpServer;

/**
 * Avatica's stock HTTP server over an in-memory H2 database, speaking protobuf, with the parts of
 * Tablewave's error contract the driver relies on: server errors carry the database's SQLState and
 * code, a batch runs every statement and reports failures with code 1100 / SQLState TW100 and
 * {@code batch <id>} while recording each statement's outcome in {@code SYS.BATCH_TABLES}, a script
 * of several statements is such a batch, and commit outside a transaction is refused (as Calcite's
 * own meta does).
 */
final class H2AvaticaServer implements AutoCloseable {
  private final String databaseUrl;
  private final Map<String, Map<String, String>> openedWith = new ConcurrentHashMap<>();
  private final AtomicLong batchIds = new AtomicLong(16);
  private final AtomicInteger statementsCreated = new AtomicInteger();
  private final AtomicInteger statementsClosed = new AtomicInteger();
  private final BatchingMeta meta;
  private final HttpServer server;
  private final Connection keepAlive;
  private boolean stopped;

  private H2AvaticaServer(String databaseUrl, int port) throws SQLException {
    this.databaseUrl = databaseUrl;
    this.keepAlive = DriverManager.getConnection(databaseUrl);
    try (Statement statement = keepAlive.createStatement()) {
      statement.execute("CREATE SCHEMA IF NOT EXISTS SYS");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS SYS.BATCH_TABLES (BATCH_ID BIGINT, TABLE_NAME VARCHAR,"
              + " STATEMENT_INDEX INT, STATUS VARCHAR, ROWS_LOADED BIGINT)");
    }
    this.meta = new BatchingMeta(databaseUrl);
    this.server =
        new HttpServer.Builder<>()
            .withHandler(new LocalService(meta), Serialization.PROTOBUF)
            .withPort(port)
            .build();
    server.start();
  }

  /** Starts a server on a free port over a fresh database. */
  static H2AvaticaServer start() throws SQLException {
    return new H2AvaticaServer("jdbc:h2:mem:tw" + System.nanoTime() + ";DB_CLOSE_DELAY=-1", 0);
  }

  /**
   * Starts a new server process image on {@code port} over the same database, as after a restart.
   */
  H2AvaticaServer restartOn(int port) throws SQLException {
    return new H2AvaticaServer(databaseUrl, port);
  }

  int port() {
    return server.getPort();
  }

  String jdbcUrl() {
    return "jdbc:tablewave://localhost:" + port();
  }

  /** The info maps of the OpenConnection requests received so far, by connection id. */
  List<Map<String, String>> openConnectionInfos() {
    return new ArrayList<>(openedWith.values());
  }

  /** How many CreateStatement requests the server answered. */
  int statementsCreated() {
    return statementsCreated.get();
  }

  /** How many CloseStatement requests the server answered. */
  int statementsClosed() {
    return statementsClosed.get();
  }

  /** Forgets every statement, as a server does whose statements expired. */
  void forgetStatements() {
    meta.forgetStatements();
  }

  void stop() {
    if (!stopped) {
      stopped = true;
      server.stop();
    }
  }

  @Override
  public void close() throws SQLException {
    stop();
    keepAlive.close();
  }

  private final class BatchingMeta extends JdbcMeta {
    BatchingMeta(String url) throws SQLException {
      super(url, new java.util.Properties());
    }

    @Override
    public void openConnection(ConnectionHandle ch, Map<String, String> info) {
      // Avatica's protobuf translation turns an empty info map into null.
      Map<String, String> given = info == null ? Map.of() : info;
      openedWith.put(ch.id, Map.copyOf(given));
      // H2 opens the shared in-memory database as its creator; the client's credentials are for
      // Tablewave.
      Map<String, String> forH2 = new HashMap<>(given);
      forH2.keySet().removeAll(List.of("user", "password", "parallelism", "timeout"));
      super.openConnection(ch, forH2);
    }

    @Override
    public StatementHandle createStatement(ConnectionHandle ch) {
      statementsCreated.incrementAndGet();
      return super.createStatement(ch);
    }

    @Override
    public void closeStatement(StatementHandle h) {
      statementsClosed.incrementAndGet();
      super.closeStatement(h);
    }

    void forgetStatements() {
      getStatementCache().invalidateAll();
    }

    @Override
    public ExecuteResult prepareAndExecute(
        StatementHandle h,
        String sql,
        long maxRowCount,
        int maxRowsInFirstFrame,
        PrepareCallback callback)
        throws NoSuchStatementException {
      if (sql.contains(";")) {
        List<String> statements =
            Arrays.stream(sql.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        long[] counts = runBatch(h, statements);
        return new ExecuteResult(
            List.of(MetaResultSet.count(h.connectionId, h.id, Arrays.stream(counts).sum())));
      }
      if (getStatementCache().getIfPresent(h.id) == null) {
        // Avatica's service answers that the client should create the statement again.
        throw new NoSuchStatementException(h);
      }
      return withServerErrors(
          () -> {
            try {
              return super.prepareAndExecute(h, sql, maxRowCount, maxRowsInFirstFrame, callback);
            } catch (NoSuchStatementException e) {
              throw new IllegalStateException(e);
            }
          });
    }

    @Override
    public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands) {
      return new ExecuteBatchResult(runBatch(h, sqlCommands));
    }

    @Override
    public void commit(ConnectionHandle ch) {
      refuseInAutoCommit(ch, "commit");
      withServerErrors(
          () -> {
            super.commit(ch);
            return null;
          });
    }

    @Override
    public void rollback(ConnectionHandle ch) {
      refuseInAutoCommit(ch, "rollback");
      super.rollback(ch);
    }

    private void refuseInAutoCommit(ConnectionHandle ch, String what) {
      try {
        if (getConnection(ch.id).getAutoCommit()) {
          throw new AvaticaRuntimeException(
              what + " is not allowed in auto-commit mode", 0, "25000", AvaticaSeverity.ERROR);
        }
      } catch (SQLException e) {
        throw serverError(e);
      }
    }

    private long[] runBatch(StatementHandle h, List<String> statements) {
      try {
        Connection connection = getConnection(h.connectionId);
        for (String sql : statements) {
          try (PreparedStatement planned = connection.prepareStatement(sql)) {
            planned.getMetaData();
          } catch (SQLException e) {
            throw serverError(e);
          }
        }
        long batchId = batchIds.incrementAndGet();
        long[] counts = new long[statements.size()];
        int failed = 0;
        for (int i = 0; i < statements.size(); i++) {
          String status;
          try (Statement statement = connection.createStatement()) {
            counts[i] = statement.executeLargeUpdate(statements.get(i));
            status = "SUCCEEDED";
          } catch (SQLException e) {
            counts[i] = Statement.EXECUTE_FAILED;
            status = "FAILED";
            failed++;
          }
          try (PreparedStatement record =
              keepAlive.prepareStatement("INSERT INTO SYS.BATCH_TABLES VALUES (?, ?, ?, ?, ?)")) {
            record.setLong(1, batchId);
            record.setString(2, "T" + i);
            record.setInt(3, i);
            record.setString(4, status);
            record.setLong(5, Math.max(counts[i], 0));
            record.executeUpdate();
          }
        }
        if (failed > 0) {
          throw new AvaticaRuntimeException(
              "batch "
                  + batchId
                  + ": "
                  + failed
                  + " of "
                  + statements.size()
                  + " tables did not load\nsee SYS.BATCH_TABLES",
              1100,
              "TW100",
              AvaticaSeverity.ERROR);
        }
        return counts;
      } catch (SQLException e) {
        throw serverError(e);
      }
    }

    private <T> T withServerErrors(Supplier<T> call) {
      try {
        return call.get();
      } catch (AvaticaRuntimeException e) {
        throw e;
      } catch (RuntimeException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw serverError(sql);
        }
        throw e;
      }
    }

    private AvaticaRuntimeException serverError(SQLException e) {
      return new AvaticaRuntimeException(
          e.getMessage(), e.getErrorCode(), e.getSQLState(), AvaticaSeverity.ERROR);
    }
  }
}
