package io.tablewave.store;

/** The databases Tablewave can store tables in. */
public enum StoreKind {
  DUCKDB,
  H2,
  POSTGRESQL,
  TRINO
}
