package io.tablewave.security;

import java.util.Locale;
import java.util.Optional;

/**
 * What a user may run: {@code reader} only queries, {@code loader} also creates, drops and cancels.
 */
public enum Role {
  READER,
  LOADER;

  /** The role as written in the users file. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<Role> of(String label) {
    for (Role role : values()) {
      if (role.label().equals(label.strip().toLowerCase(Locale.ROOT))) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
