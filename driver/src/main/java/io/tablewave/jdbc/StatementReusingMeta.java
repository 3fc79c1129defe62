package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Iterator;
import java.util.OptionalInt;
import org.apache.calcite.avatica.AvaticaConnection;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.NoSuchStatementException;

/**
 * Avatica's remote {@link Meta} with the statements of {@link ReusedStatements}: {@code
 * createStatement} takes an idle server statement when there is one, and {@code closeStatement}
 * keeps one whose results were read to their end instead of sending the close. A plain {@code
 * Statement} executed and closed costs one request instead of three. Every other call goes to the
 * remote meta unchanged.
 */
final class StatementReusingMeta implements InvocationHandler {
  private final Meta remote;
  private final AvaticaConnection connection;
  private final ReusedStatements statements;

  private StatementReusingMeta(
      Meta remote, AvaticaConnection connection, ReusedStatements statements) {
    this.remote = requireNonNull(remote, "remote is null");
    this.connection = requireNonNull(connection, "connection is null");
    this.statements = requireNonNull(statements, "statements is null");
  }

  /**
   * {@code remote} for {@code connection}, reusing its plain statements through {@code statements}.
   */
  static Meta wrap(Meta remote, AvaticaConnection connection, ReusedStatements statements) {
    return (Meta)
        Proxy.newProxyInstance(
            StatementReusingMeta.class.getClassLoader(),
            new Class<?>[] {Meta.class},
            new StatementReusingMeta(remote, connection, statements));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    return switch (method.getName()) {
      case "createStatement" -> createStatement((Meta.ConnectionHandle) args[0]);
      case "closeStatement" -> closeStatement(method, args);
      case "closeConnection" -> closeConnection(method, args);
      case "openConnection" -> openConnection(method, args);
      case "prepareAndExecute" -> executed(method, args, this::allRead);
      case "prepareAndExecuteBatch" -> executed(method, args, result -> true);
      case "createIterable" -> readToTheEnd((Meta.StatementHandle) args[0], call(method, args));
      case "syncResults" -> executed(method, args, result -> false);
      default -> call(method, args);
    };
  }

  private Meta.StatementHandle createStatement(Meta.ConnectionHandle ch) {
    OptionalInt idle = statements.take(connection.statementMap::containsKey);
    if (idle.isPresent()) {
      return new Meta.StatementHandle(ch.id, idle.getAsInt(), null);
    }
    Meta.StatementHandle created = remote.createStatement(ch);
    statements.created(created.id);
    return created;
  }

  private Object closeStatement(Method method, Object[] args) throws Throwable {
    Meta.StatementHandle h = (Meta.StatementHandle) args[0];
    return statements.keepOnClose(h.id) ? null : call(method, args);
  }

  /**
   * Opens the connection on the server: when the client opens it again because the server forgot it
   * (a restart), the statements kept were forgotten too, and their ids may now be another
   * connection's.
   */
  private Object openConnection(Method method, Object[] args) throws Throwable {
    statements.forgetAll();
    return call(method, args);
  }

  /** Closes the statements kept on the server, then the connection. */
  private Object closeConnection(Method method, Object[] args) throws Throwable {
    Meta.ConnectionHandle ch = (Meta.ConnectionHandle) args[0];
    RuntimeException failure = null;
    for (int id : statements.drain()) {
      try {
        remote.closeStatement(new Meta.StatementHandle(ch.id, id, null));
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    Object result = call(method, args);
    if (failure != null) {
      throw failure;
    }
    return result;
  }

  /** What a call on a statement left: whether its result was read to its end. */
  private interface ReadToEnd {
    boolean test(Object result);
  }

  private Object executed(Method method, Object[] args, ReadToEnd readToEnd) throws Throwable {
    Meta.StatementHandle h = (Meta.StatementHandle) args[0];
    Object result;
    try {
      result = call(method, args);
    } catch (NoSuchStatementException e) {
      statements.forgetAll();
      throw e;
    } catch (Throwable e) {
      statements.executed(h.id, false);
      throw e;
    }
    statements.executed(h.id, readToEnd.test(result));
    return result;
  }

  /**
   * The rows of a result, which tell the statement's result read once they ran out: the remote meta
   * fetches the frames after the first itself, not through this one.
   */
  @SuppressWarnings("unchecked")
  private Iterable<Object> readToTheEnd(Meta.StatementHandle h, Object rows) {
    Iterable<Object> iterable = (Iterable<Object>) rows;
    return () -> {
      Iterator<Object> iterator = iterable.iterator();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          boolean more = iterator.hasNext();
          if (!more) {
            statements.executed(h.id, true);
          }
          return more;
        }

        @Override
        public Object next() {
          return iterator.next();
        }
      };
    };
  }

  private boolean allRead(Object result) {
    for (Meta.MetaResultSet resultSet : ((Meta.ExecuteResult) result).resultSets) {
      if (resultSet.firstFrame != null && !resultSet.firstFrame.done) {
        return false;
      }
    }
    return true;
  }

  private Object call(Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(remote, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
