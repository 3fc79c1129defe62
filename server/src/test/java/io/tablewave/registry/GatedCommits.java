package io.tablewave.registry;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A store's data source that counts commits and, while closed, holds every commit until it opens
 * again: a transaction can be kept waiting in the real store while a test looks at what happens
 * meanwhile. It also lists the prepared statements run, by their SQL.
 */
final class GatedCommits implements DataSource {
  private final DataSource store;
  private final AtomicInteger commits = new AtomicInteger();
  private final List<String> executed = new CopyOnWriteArrayList<>();
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private final CountDownLatch blocked = new CountDownLatch(1);

  GatedCommits(DataSource store) {
    this.store = store;
  }

  int commits() {
    return commits.get();
  }

  /** The SQL of each prepared statement run so far, in order. */
  List<String> executed() {
    return List.copyOf(executed);
  }

  void close() {
    gate = new CountDownLatch(1);
  }

  void open() {
    gate.countDown();
  }

  /** Waits until a commit is held at the closed gate. */
  void awaitBlockedCommit() throws InterruptedException {
    if (!blocked.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("no commit reached the gate within 10 s");
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return gated(store.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return gated(store.getConnection(username, password));
  }

  private Connection gated(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            GatedCommits.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("commit")) {
                CountDownLatch current = gate;
                if (current.getCount() > 0) {
                  blocked.countDown();
                  current.await();
                }
                commits.incrementAndGet();
              }
              Object result = invoke(method, connection, args);
              if (method.getName().equals("prepareStatement")
                  && result instanceof PreparedStatement prepared) {
                return recorded(prepared, (String) args[0]);
              }
              return result;
            });
  }

  private PreparedStatement recorded(PreparedStatement statement, String sql) {
    return (PreparedStatement)
        Proxy.newProxyInstance(
            GatedCommits.class.getClassLoader(),
            new Class<?>[] {PreparedStatement.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("execute") && (args == null || args.length == 0)) {
                executed.add(sql);
              }
              return invoke(method, statement, args);
            });
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return store.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    store.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    store.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return store.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return store.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return store.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return store.isWrapperFor(type);
  }
}
