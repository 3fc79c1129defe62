package io.tablewave.registry;

/** What a table depends on. */
public enum DependencyKind {
  TABLE,
  KAFKA_TOPIC
}
