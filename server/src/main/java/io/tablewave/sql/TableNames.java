package io.tablewave.sql;

/** The schemas a table reference may name. */
final class TableNames {
  /** The default schema, holding the tables CTAS statements create. */
  static final String PUBLIC = "PUBLIC";

  /** One read-only table per Kafka topic. */
  static final String KAFKA = "KAFKA";

  /** The registry's tables. */
  static final String SYS = "SYS";

  /** The SQL-standard metadata tables. */
  static final String INFORMATION_SCHEMA = "INFORMATION_SCHEMA";

  private TableNames() {}
}
