package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.calcite.avatica.AvaticaConnection;

/**
 * The connection the user holds. Beyond forwarding it fixes what the stock Avatica client gets
 * wrong for Tablewave: it is writable unless {@code setReadOnly(true)} was called, {@code commit()}
 * and {@code rollback()} are no-ops in auto-commit mode, a commit that ends a partially failed
 * batch throws a {@link java.sql.BatchUpdateException}, {@code isValid} asks the server, and {@code
 * close()} succeeds once the server is gone. It is a {@link TablewaveConnection}: a batch that a
 * commit ran is reported in its warnings and {@code lastBatchId()}.
 */
final class ConnectionHandler extends ForwardingHandler {
  /**
   * Connection property (server side): the id of the connection whose batches {@code
   * SYS.MY_BATCHES} shows.
   */
  static final String BATCHES_OF = "batches_of";

  private final Connection avatica;
  private final ConnectionUrl url;
  private final Connection proxy;
  private final Set<Method> callable = ConcurrentHashMap.newKeySet();
  private final BatchReports reports;
  private volatile boolean readOnly;
  private final LastBatch lastBatch = new LastBatch();
  private int batchTimeoutSeconds;
  private Connection progressConnection;

  private ConnectionHandler(Connection avatica, ConnectionUrl url) {
    super(avatica);
    this.avatica = avatica;
    this.url = requireNonNull(url, "url is null");
    this.reports = batchReports(avatica);
    this.proxy = newProxy(this, Connection.class, TablewaveConnection.class);
  }

  /**
   * Where the connection's service leaves the batch reports of responses (none over JSON
   * serialization).
   */
  private static BatchReports batchReports(Connection avatica) {
    try {
      if (avatica.unwrap(AvaticaConnection.class).getService()
          instanceof ReportingProtobufService service) {
        return service.reports();
      }
    } catch (SQLException notAvatica) {
      // a connection the driver did not open through Avatica: nothing reports batches
    }
    return new BatchReports();
  }

  /** Wraps an Avatica connection opened for {@code url}. */
  static Connection wrap(Connection avatica, ConnectionUrl url) {
    return new ConnectionHandler(requireNonNull(avatica, "avatica is null"), url).proxy;
  }

  @Override
  ConnectionHandler owner() {
    return this;
  }

  ConnectionUrl url() {
    return url;
  }

  /**
   * Stops the batch this connection is running. Avatica has no cancel call, so a short-lived second
   * connection asks the server to cancel whatever this connection's session runs.
   */
  void cancelRunningBatch() throws SQLException {
    String sessionId = avatica.unwrap(AvaticaConnection.class).id;
    Properties properties = new Properties();
    properties.putAll(url.properties());
    try (Connection side = new Driver().connect(url.url(), properties);
        Statement statement = side.createStatement()) {
      statement.execute("CANCEL SESSION '" + sessionId.replace("'", "''") + "'");
    }
  }

  /**
   * Makes the server limit this connection's next batches to {@code seconds} (0: no limit), as
   * {@code Statement.setQueryTimeout} asks; the server is told only when the limit changes.
   */
  synchronized void applyQueryTimeout(int seconds) throws SQLException {
    if (seconds == batchTimeoutSeconds) {
      return;
    }
    try (Statement statement = avatica.createStatement()) {
      statement.execute(seconds == 0 ? "RESET batch_timeout" : "SET batch_timeout = " + seconds);
    }
    batchTimeoutSeconds = seconds;
  }

  /** The Avatica connection, for the driver's own internal queries. */
  Connection avatica() {
    return avatica;
  }

  BatchReports reports() {
    return reports;
  }

  /** Records that a statement of this connection submitted batch {@code batchId}. */
  void batchSubmitted(long batchId) {
    lastBatch.submitted(batchId);
  }

  /**
   * The connection progress listeners read through, opened on first use: a second connection to the
   * same server whose {@code SYS.MY_BATCHES} shows this connection's batches. Closed with this
   * connection.
   */
  synchronized Connection progressConnection() throws SQLException {
    if (progressConnection == null || progressConnection.isClosed()) {
      Properties properties = new Properties();
      properties.putAll(url.properties());
      properties.setProperty(BATCHES_OF, avatica.unwrap(AvaticaConnection.class).id);
      progressConnection = new Driver().connect(url.url(), properties);
    }
    return progressConnection;
  }

  /** Runs a call that may end manual-commit mode's batch; reports that batch on the connection. */
  private Object reportingBatch(Call call) throws SQLException {
    reports.clear();
    try {
      Object result = call.run();
      reports
          .take()
          .ifPresent(
              report -> {
                lastBatch.submitted(report.batchId());
                lastBatch.addWarning(new BatchWarning(report.summary()));
              });
      return result;
    } catch (SQLException e) {
      BatchFailures.partialBatchId(e).ifPresent(this::batchSubmitted);
      throw BatchFailures.forBatchEnd(e, avatica);
    }
  }

  /** A call to the Avatica connection. */
  @FunctionalInterface
  private interface Call {
    Object run() throws SQLException;
  }

  private void closeProgressConnection() throws SQLException {
    Connection side;
    synchronized (this) {
      side = progressConnection;
      progressConnection = null;
    }
    if (side != null) {
      side.close();
    }
  }

  Connection proxy() {
    return proxy;
  }

  boolean readOnly() {
    return readOnly;
  }

  @Override
  Object handle(Object self, Method method, Object[] arguments) throws SQLException {
    String name = method.getName();
    if (arguments.length == 0) {
      switch (name) {
        case "isReadOnly":
          checkOpen();
          return readOnly;
        case "commit":
          if (autoCommit()) {
            return null;
          }
          return reportingBatch(() -> forward(method, arguments));
        case "rollback":
          return autoCommit() ? null : forward(method, arguments);
        case "close":
          SQLException progressFailure = null;
          try {
            closeProgressConnection();
          } catch (SQLException e) {
            progressFailure = e;
          }
          Object closed = closeTolerantly(method, arguments);
          // an unreachable server drops the progress connection when it expires it, as this one
          if (progressFailure != null && !SqlErrors.isConnectionFailure(progressFailure)) {
            throw progressFailure;
          }
          return closed;
        case "lastBatchId":
          checkOpen();
          return lastBatch.batchId();
        case "getWarnings":
          forward(method, arguments);
          return lastBatch.warnings();
        case "clearWarnings":
          forward(method, arguments);
          lastBatch.clearWarnings();
          return null;
        default:
          break;
      }
    } else if (name.equals("batchPage") && arguments.length == 1) {
      return BatchProgress.page(url.serverUrl(), (Long) arguments[0]);
    } else if (name.equals("setAutoCommit") && arguments.length == 1) {
      // Leaving manual-commit mode commits the queued statements as one batch. Avatica only sends
      // the new
      // mode with the connection's next request; asking for it sends it now, so the batch runs
      // here.
      if (Boolean.TRUE.equals(arguments[0]) && !autoCommit()) {
        return reportingBatch(
            () -> {
              forward(method, arguments);
              autoCommit();
              return null;
            });
      }
      return forward(method, arguments);
    } else if (name.equals("setReadOnly") && arguments.length == 1) {
      forward(method, arguments);
      readOnly = (Boolean) arguments[0];
      return null;
    } else if (name.equals("isValid") && arguments.length == 1) {
      return isValid((Integer) arguments[0]);
    }
    return forward(method, arguments);
  }

  /**
   * Wraps a JDBC object that Avatica returned; objects already wrapped and values pass unchanged.
   *
   * @param parent the statement a result set belongs to, or null to wrap the one Avatica names
   */
  Object wrap(Object result, Statement parent) {
    // Values read from rows (strings, numbers, dates) come through here millions of times: return
    // them first, by class tests, which the JVM answers at once; a test against an interface the
    // class does not implement (Wrapper) walks the class's interfaces every time.
    if (result == null
        || result instanceof String
        || result instanceof Number
        || result instanceof java.util.Date
        || result instanceof Boolean) {
      return result;
    }
    if (!(result instanceof Wrapper) || isWrapped(result)) {
      return result;
    }
    if (result instanceof Connection) {
      return proxy;
    }
    if (result instanceof ResultSet resultSet) {
      return newProxy(ResultSet.class, new ResultSetHandler(resultSet, this, parent));
    }
    if (result instanceof CallableStatement statement) {
      return newProxy(
          new StatementHandler(statement, this), CallableStatement.class, TablewaveStatement.class);
    }
    if (result instanceof PreparedStatement statement) {
      return newProxy(
          new StatementHandler(statement, this), PreparedStatement.class, TablewaveStatement.class);
    }
    if (result instanceof Statement statement) {
      return newProxy(
          new StatementHandler(statement, this), Statement.class, TablewaveStatement.class);
    }
    if (result instanceof DatabaseMetaData metaData) {
      return newProxy(DatabaseMetaData.class, new MetaDataHandler(metaData, this));
    }
    if (result instanceof ResultSetMetaData metaData) {
      return newProxy(ResultSetMetaData.class, new PlainHandler(metaData, this));
    }
    if (result instanceof ParameterMetaData metaData) {
      return newProxy(ParameterMetaData.class, new PlainHandler(metaData, this));
    }
    return result;
  }

  private boolean autoCommit() throws SQLException {
    try {
      return avatica.getAutoCommit();
    } catch (SQLException | RuntimeException e) {
      throw translate(e);
    }
  }

  private void checkOpen() throws SQLException {
    if (avatica.isClosed()) {
      throw new SQLException("Connection closed", SqlErrors.CONNECTION_DOES_NOT_EXIST);
    }
  }

  private boolean isValid(int timeoutSeconds) throws SQLException {
    if (timeoutSeconds < 0) {
      throw new SQLException(
          "isValid timeout is " + timeoutSeconds + "; it must be 0 or more", "HY024");
    }
    if (avatica.isClosed()) {
      return false;
    }
    // A round trip that prepares a statement proves the server is there and still knows this
    // connection; with a timeout, the caller waits for it at most that long. (Creating a plain
    // statement may take one kept open on the server, without a request.)
    if (timeoutSeconds == 0) {
      return probe();
    }
    CompletableFuture<Boolean> probe =
        CompletableFuture.supplyAsync(this::probe, ConnectionHandler::probeThread);
    try {
      return probe.get(timeoutSeconds, TimeUnit.SECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private boolean probe() {
    try (PreparedStatement probe = avatica.prepareStatement("SELECT 1")) {
      return probe != null;
    } catch (SQLException | RuntimeException e) {
      return false;
    }
  }

  /**
   * Runs a validity probe on a daemon thread of its own, so that a caller's timeout can leave it
   * behind.
   */
  private static void probeThread(Runnable probe) {
    Thread thread = new Thread(probe, "tablewave-connection-probe");
    thread.setDaemon(true);
    thread.start();
  }

  @SuppressWarnings("unchecked")
  /**
   * {@code method}, made accessible once: reflection otherwise checks access on every call, which
   * showed in profiles of reading large results.
   */
  Method callable(Method method) {
    if (!callable.contains(method)) {
      method.trySetAccessible();
      callable.add(method);
    }
    return method;
  }

  private static <T> T newProxy(Class<T> type, ForwardingHandler handler) {
    return (T)
        Proxy.newProxyInstance(
            ConnectionHandler.class.getClassLoader(), new Class<?>[] {type}, handler);
  }

  /** A proxy of {@code type} that is also each of the driver's own {@code extensions}. */
  private static <T> T newProxy(ForwardingHandler handler, Class<T> type, Class<?>... extensions) {
    Class<?>[] types = new Class<?>[extensions.length + 1];
    types[0] = type;
    System.arraycopy(extensions, 0, types, 1, extensions.length);
    return (T) Proxy.newProxyInstance(ConnectionHandler.class.getClassLoader(), types, handler);
  }
}
