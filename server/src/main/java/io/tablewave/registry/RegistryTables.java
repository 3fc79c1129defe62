package io.tablewave.registry;

import static io.tablewave.registry.RegistryTable.notNull;
import static io.tablewave.registry.RegistryTable.nullable;

/**
 * The registry's tables, each declared once: the store's registry schema is created, read and
 * written from these declarations, and the {@code SYS} tables of the same names show them.
 */
public final class RegistryTables {
  /**
   * {@code tw_tables} and {@code SYS.TABLES}: one row per table in {@code PUBLIC} or being created
   * there.
   */
  public static final RegistryTable<TableEntry> TABLES =
      RegistryTable.of(
          TableEntry.class,
          "tw_tables",
          "TABLES",
          1,
          true,
          notNull("name").named("name", "TABLE_NAME"),
          notNull("physicalName"),
          notNull("status"),
          notNull("health"),
          nullable("issues"),
          notNull("rowCount"),
          notNull("sqlText"),
          notNull("propertiesJson").named("properties", "PROPERTIES"),
          notNull("batchId"),
          notNull("wave"),
          notNull("createdAt"),
          notNull("updatedAt"),
          notNull("loadMillis"),
          notNull("badRecords"),
          nullable("lastError"));

  /**
   * {@code tw_dependencies} and {@code SYS.DEPENDENCIES}: one row per edge, to a table or a Kafka
   * topic.
   */
  public static final RegistryTable<DependencyEdge> DEPENDENCIES =
      RegistryTable.of(
          DependencyEdge.class,
          "tw_dependencies",
          "DEPENDENCIES",
          1,
          false,
          notNull("tableName"),
          notNull("dependsOn"),
          notNull("kind"),
          notNull("origin"));

  /** {@code tw_batches} and {@code SYS.BATCHES}: one row per batch that was planned. */
  public static final RegistryTable<BatchEntry> BATCHES =
      RegistryTable.of(
          BatchEntry.class,
          "tw_batches",
          "BATCHES",
          1,
          true,
          notNull("batchId"),
          notNull("status"),
          notNull("submittedAt"),
          nullable("finishedAt"),
          notNull("tableCount"),
          notNull("succeeded"),
          notNull("failed"),
          notNull("skipped"),
          notNull("waveCount"),
          notNull("parallelism"),
          nullable("userName"),
          nullable("errorMessage"));

  /** {@code tw_batch_tables} and {@code SYS.BATCH_TABLES}: one row per table of each batch. */
  public static final RegistryTable<BatchTableEntry> BATCH_TABLES =
      RegistryTable.of(
          BatchTableEntry.class,
          "tw_batch_tables",
          "BATCH_TABLES",
          2,
          false,
          notNull("batchId"),
          notNull("tableName"),
          notNull("statementIndex"),
          notNull("wave"),
          notNull("status"),
          notNull("rowsLoaded"),
          nullable("rowsExpected"),
          nullable("startedAt"),
          nullable("finishedAt"),
          nullable("errorMessage"),
          nullable("skippedBecause"),
          notNull("attempts"));

  /**
   * {@code tw_kafka_offsets} and {@code SYS.KAFKA_OFFSETS}: the offsets loaded per partition into
   * each table.
   */
  public static final RegistryTable<KafkaOffsetEntry> KAFKA_OFFSETS =
      RegistryTable.of(
          KafkaOffsetEntry.class,
          "tw_kafka_offsets",
          "KAFKA_OFFSETS",
          1,
          false,
          notNull("tableName"),
          notNull("topic"),
          notNull("partition").named("kafka_partition", "PARTITION"),
          notNull("startOffset"),
          notNull("endOffset"));

  /**
   * {@code tw_continuous_refreshes} and {@code SYS.CONTINUOUS_REFRESHES}: the refreshes the server
   * ran by itself, one row per table, kept within a retention ({@link RegistryHistory}).
   */
  public static final RegistryTable<ContinuousRefreshEntry> CONTINUOUS_REFRESHES =
      RegistryTable.of(
          ContinuousRefreshEntry.class,
          "tw_continuous_refreshes",
          "CONTINUOUS_REFRESHES",
          1,
          true,
          notNull("refreshId"),
          notNull("batchId"),
          notNull("tableName"),
          notNull("scheduledBy"),
          nullable("mode"),
          notNull("status"),
          nullable("startedAt"),
          notNull("finishedAt"),
          notNull("rowsLoaded"),
          nullable("errorMessage"));

  /**
   * {@code tw_refreshes} and {@code SYS.REFRESHES}: one row per load of a table by a user's batch,
   * a bounded history.
   */
  public static final RegistryTable<RefreshEntry> REFRESHES =
      RegistryTable.of(
          RefreshEntry.class,
          "tw_refreshes",
          "REFRESHES",
          1,
          true,
          notNull("refreshId"),
          notNull("tableName"),
          notNull("batchId"),
          notNull("mode"),
          nullable("startedAt"),
          notNull("finishedAt"),
          notNull("rowsAppended"),
          notNull("status"),
          nullable("errorMessage"),
          nullable("offsetRanges"));

  private RegistryTables() {}
}
