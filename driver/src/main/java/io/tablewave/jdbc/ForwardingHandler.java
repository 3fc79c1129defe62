package io.tablewave.jdbc;

import static java.util.Objects.requireNonNull;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;

/**
 * Stands between the user and one Avatica JDBC object: forwards every call, turns every failure
 * into an {@link SQLException}, and hands out wrapped children. Subclasses override single methods
 * in {@link #handle}.
 */
abstract class ForwardingHandler implements InvocationHandler {
  private static final Object[] NO_ARGUMENTS = {};

  final Object target;

  ForwardingHandler(Object target) {
    this.target = requireNonNull(target, "target is null");
  }

  /** The connection this object belongs to. */
  abstract ConnectionHandler owner();

  @Override
  public final Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    Object[] arguments = args == null ? NO_ARGUMENTS : args;
    if (method.getDeclaringClass() == Object.class) {
      return objectMethod(proxy, method, arguments);
    }
    if (arguments.length == 1 && arguments[0] instanceof Class<?> type) {
      if (method.getName().equals("isWrapperFor")) {
        return type.isInstance(proxy) || (Boolean) forward(method, arguments);
      }
      if (method.getName().equals("unwrap")) {
        return type.isInstance(proxy) ? proxy : forward(method, arguments);
      }
    }
    Object result = handle(proxy, method, arguments);
    return mayReturnJdbcObject(method) ? wrapResult(proxy, result) : result;
  }

  /**
   * Whether {@code method} may return a JDBC object to wrap: JDBC objects are declared as
   * interfaces, and {@code getObject} returns any object. Values (numbers, strings, dates) pass
   * straight through, millions of times in a large result.
   */
  private static boolean mayReturnJdbcObject(Method method) {
    Class<?> type = method.getReturnType();
    return type.isInterface() || type == Object.class;
  }

  /** Answers one call; the default forwards it. */
  Object handle(Object proxy, Method method, Object[] arguments) throws SQLException {
    return forward(method, arguments);
  }

  /** Wraps a JDBC object returned by this one; {@code proxy} is this object as the user sees it. */
  Object wrapResult(Object proxy, Object result) {
    return owner().wrap(result, null);
  }

  /** Calls {@code method} on the Avatica object, translating whatever it throws. */
  final Object forward(Method method, Object[] arguments) throws SQLException {
    try {
      return owner().callable(method).invoke(target, arguments);
    } catch (InvocationTargetException e) {
      throw translate(e.getCause());
    } catch (IllegalAccessException e) {
      throw new SQLException("Cannot call " + method + ": " + e.getMessage(), "HY000", 0, e);
    }
  }

  /**
   * Forwards a {@code close()}. When the server is unreachable the object is closed on this side
   * all the same (Avatica marks it closed before calling the server), and the server drops its half
   * when it expires it, so the failure is not the caller's concern.
   */
  final Object closeTolerantly(Method method, Object[] arguments) throws SQLException {
    try {
      return forward(method, arguments);
    } catch (SQLException e) {
      if (SqlErrors.isConnectionFailure(e)) {
        return null;
      }
      throw e;
    }
  }

  final SQLException translate(Throwable failure) {
    return SqlErrors.translate(failure, owner().url().serverUrl(), false);
  }

  /** Whether {@code candidate} is an object this driver wrapped. */
  static boolean isWrapped(Object candidate) {
    return Proxy.isProxyClass(candidate.getClass())
        && Proxy.getInvocationHandler(candidate) instanceof ForwardingHandler;
  }

  private Object objectMethod(Object proxy, Method method, Object[] arguments) {
    return switch (method.getName()) {
      case "equals" -> proxy == arguments[0];
      case "hashCode" -> System.identityHashCode(proxy);
      case "toString" -> "Tablewave " + target;
      default -> throw new UnsupportedOperationException(method.getName());
    };
  }
}
