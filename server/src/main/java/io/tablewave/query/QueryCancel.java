package io.tablewave.query;

import com.zaxxer.hikari.HikariDataSource;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.calcite.plan.RelOptListener;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.runtime.Hook;

/**
 * Stops the query one client connection runs, from any thread: a planning in progress is abandoned
 * at its next step, the store statements the query has open are cancelled in the store (DuckDB
 * interrupts, PostgreSQL and H2 cancel), and a store connection or statement it would open next is
 * refused. A new query on the connection starts unstopped ({@link #begin()}).
 */
public final class QueryCancel {
  /** SQLSTATE of a query cancelled on user request. */
  private static final String CANCELLED_STATE = "57014";

  /** Store statements open now, each with the connection it runs on. */
  private final Map<Statement, Connection> open = new ConcurrentHashMap<>();

  /**
   * Store connections on which a statement was cancelled: they may carry the interrupt and are not
   * reused.
   */
  private final Set<Connection> interrupted = ConcurrentHashMap.newKeySet();

  private final RelOptListener plannerCheck = new PlannerCheck();
  private String reason;
  private boolean expired;

  /** A new query starts on the connection: a stop of the one before no longer applies. */
  public synchronized void begin() {
    reason = null;
    expired = false;
  }

  /** Stops the running query on the client's request. */
  public void cancel(String why) {
    stop(why, false);
  }

  /** Stops the running query because its time ran out; {@code why} says which limit. */
  public void expire(String why) {
    stop(why, true);
  }

  /** Why the current query was stopped, if it was. */
  public synchronized Optional<String> stopped() {
    return Optional.ofNullable(reason);
  }

  /**
   * Runs a query's planning and execution on this thread so that a stop reaches its planner; when
   * the query was stopped, whatever it failed with becomes the stop's own error ({@link
   * ErrorCode#CANCELLED} or {@link ErrorCode#TIMED_OUT}).
   */
  public <T> T run(Callable<T> query) throws Exception {
    try (Hook.Closeable hook =
        Hook.PLANNER.addThread((RelOptPlanner planner) -> planner.addListener(plannerCheck))) {
      T result = query.call();
      throwIfStopped(null);
      return result;
    } catch (Exception | LinkageError e) {
      throwIfStopped(e);
      throw e;
    }
  }

  /**
   * Reads more rows of a query's result: once the query was stopped, the read fails with the stop's
   * own error ({@link ErrorCode#CANCELLED} or {@link ErrorCode#TIMED_OUT}) instead of reading on,
   * or instead of the store's error about a statement it cancelled.
   */
  public <T> T fetch(Callable<T> read) throws Exception {
    throwIfStopped(null);
    try {
      return read.call();
    } catch (Exception e) {
      throwIfStopped(e);
      throw e;
    }
  }

  /**
   * The store's data source as this connection's queries see it: every statement they open can be
   * cancelled through this object.
   */
  public DataSource track(DataSource store) {
    return proxy(
        DataSource.class,
        store,
        (method, arguments) -> {
          Object result = invoke(store, method, arguments);
          if (result instanceof Connection connection) {
            return trackConnection(store, connection);
          }
          return result;
        });
  }

  private Connection trackConnection(DataSource store, Connection connection) throws SQLException {
    try {
      checkNotStopped();
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    return proxy(
        Connection.class,
        connection,
        (method, arguments) -> {
          switch (method.getName()) {
            case "createStatement", "prepareStatement", "prepareCall" -> {
              checkNotStopped();
              Statement statement = (Statement) invoke(connection, method, arguments);
              return trackStatement(connection, statement);
            }
            case "close" -> {
              // Closing the connection closes its statements, without their proxies hearing it.
              open.values().removeIf(c -> c == connection);
              if (interrupted.remove(connection) && store instanceof HikariDataSource pool) {
                pool.evictConnection(connection);
              }
              return invoke(connection, method, arguments);
            }
            default -> {
              return invoke(connection, method, arguments);
            }
          }
        });
  }

  private Statement trackStatement(Connection connection, Statement statement) throws SQLException {
    open.put(statement, connection);
    try {
      // A stop that came between the check and the registration has not seen this statement.
      checkNotStopped();
    } catch (SQLException e) {
      open.remove(statement);
      statement.close();
      throw e;
    }
    Class<? extends Statement> type =
        statement instanceof CallableStatement
            ? CallableStatement.class
            : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return proxy(
        type,
        statement,
        (method, arguments) -> {
          String name = method.getName();
          if (name.equals("close")) {
            open.remove(statement);
          } else if (name.startsWith("execute")) {
            checkNotStopped();
          }
          return invoke(statement, method, arguments);
        });
  }

  private void stop(String why, boolean timedOut) {
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why;
      expired = timedOut;
    }
    open.forEach(
        (statement, connection) -> {
          interrupted.add(connection);
          try {
            statement.cancel();
          } catch (SQLException | RuntimeException e) {
            // The statement may have ended meanwhile; what it was running is stopped either way.
            if (open.containsKey(statement) && !isClosed(statement)) {
              throw new TablewaveException(
                  ErrorCode.INTERNAL_ERROR,
                  "could not cancel a running store statement: " + e.getMessage(),
                  e);
            }
          }
        });
  }

  private static boolean isClosed(Statement statement) {
    try {
      return statement.isClosed();
    } catch (SQLException e) {
      return true;
    }
  }

  private void checkNotStopped() throws SQLException {
    String why = stopped().orElse(null);
    if (why != null) {
      throw new SQLException("the query was stopped: " + why, CANCELLED_STATE);
    }
  }

  /**
   * Throws the stop's own error when the current query was stopped: for work that checks between
   * its steps.
   */
  public void checkpoint() {
    throwIfStopped(null);
  }

  private void throwIfStopped(Throwable cause) {
    String why;
    boolean timedOut;
    synchronized (this) {
      why = reason;
      timedOut = expired;
    }
    if (why != null) {
      throw new TablewaveException(
          timedOut ? ErrorCode.TIMED_OUT : ErrorCode.CANCELLED, why, cause);
    }
  }

  /**
   * Abandons a planning that was stopped: Calcite's planners call their listeners at every step.
   */
  private final class PlannerCheck implements RelOptListener {
    private void check() {
      String why = stopped().orElse(null);
      if (why != null) {
        throw new TablewaveException(ErrorCode.CANCELLED, "planning was stopped: " + why);
      }
    }

    @Override
    public void relEquivalenceFound(RelEquivalenceEvent event) {
      check();
    }

    @Override
    public void ruleAttempted(RuleAttemptedEvent event) {
      check();
    }

    @Override
    public void ruleProductionSucceeded(RuleProductionEvent event) {
      check();
    }

    @Override
    public void relDiscarded(RelDiscardedEvent event) {
      check();
    }

    @Override
    public void relChosen(RelChosenEvent event) {
      check();
    }
  }

  private interface Call {
    Object apply(Method method, Object[] arguments) throws Throwable;
  }

  private static Object invoke(Object target, Method method, Object[] arguments) throws Throwable {
    try {
      return method.invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T proxy(Class<T> type, Object target, Call call) {
    return (T)
        Proxy.newProxyInstance(
            QueryCancel.class.getClassLoader(),
            new Class<?>[] {type},
            (self, method, arguments) -> {
              if (method.getName().equals("unwrap")
                  && arguments != null
                  && arguments.length == 1
                  && ((Class<?>) arguments[0]).isInstance(self)) {
                return self;
              }
              return call.apply(method, arguments == null ? new Object[0] : arguments);
            });
  }
}
