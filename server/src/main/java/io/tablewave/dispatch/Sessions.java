package io.tablewave.dispatch;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The sessions of the client connections open now, by connection id. */
public final class Sessions {
  private final Map<String, Session> byId = new ConcurrentHashMap<>();

  public void add(Session session) {
    requireNonNull(session, "session is null");
    byId.put(session.id(), session);
  }

  public Optional<Session> get(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** Forgets a connection's session; returns it when it was open. */
  public Optional<Session> remove(String id) {
    return Optional.ofNullable(byId.remove(id));
  }
}
