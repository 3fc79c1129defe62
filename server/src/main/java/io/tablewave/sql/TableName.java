package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * The name of a table in the {@code PUBLIC} schema, as it was created: unquoted names upper case,
 * quoted names as written. Names are matched case-insensitively through {@link #key()}.
 */
public record TableName(String name) implements Comparable<TableName> {
  public TableName {
    requireNonNull(name, "name is null");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("table name is empty");
    }
  }

  /** The case-insensitive identity of this name. */
  public String key() {
    return name.toUpperCase(Locale.ROOT);
  }

  public boolean matches(TableName other) {
    return key().equals(other.key());
  }

  @Override
  public int compareTo(TableName other) {
    return key().compareTo(other.key());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TableName other && key().equals(other.key());
  }

  @Override
  public int hashCode() {
    return key().hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
