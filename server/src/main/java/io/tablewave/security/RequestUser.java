package io.tablewave.security;

import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The user the HTTP layer authenticated for the request being handled on this thread. The server
 * wraps each request in {@link #callAs}; what runs inside asks {@link #current()}.
 */
public final class RequestUser {
  private final ThreadLocal<String> user = new ThreadLocal<>();

  /** Runs {@code action} as {@code remoteUser}, the user the request authenticated as. */
  public <T> T callAs(String remoteUser, Callable<T> action) throws Exception {
    String previous = user.get();
    user.set(remoteUser);
    try {
      return action.call();
    } finally {
      if (previous == null) {
        user.remove();
      } else {
        user.set(previous);
      }
    }
  }

  /** The authenticated user of the current request; empty without authentication. */
  public Optional<String> current() {
    return Optional.ofNullable(user.get());
  }
}
