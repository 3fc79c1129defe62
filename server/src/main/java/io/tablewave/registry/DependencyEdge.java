package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

/** One edge of the dependency graph: {@code tableName} reads {@code dependsOn}. */
public record DependencyEdge(
    String tableName, String dependsOn, DependencyKind kind, DependencyOrigin origin) {
  public DependencyEdge {
    requireNonNull(tableName, "tableName is null");
    requireNonNull(dependsOn, "dependsOn is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(origin, "origin is null");
  }
}
