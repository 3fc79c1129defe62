package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A table of the {@code PUBLIC} schema as the registry knows it.
 *
 * @param name the name as created
 * @param physicalName the table in the store's data schema that holds the rows now
 * @param propertiesJson the WITH properties as a JSON object text
 * @param issues why the table is degraded, or null
 * @param lastError the error of the last failed reload, or null
 */
public record TableEntry(
    String name,
    String physicalName,
    TableStatus status,
    Health health,
    String issues,
    long rowCount,
    String sqlText,
    String propertiesJson,
    long batchId,
    int wave,
    Instant createdAt,
    Instant updatedAt,
    long loadMillis,
    long badRecords,
    String lastError) {
  public TableEntry {
    requireNonNull(name, "name is null");
    requireNonNull(physicalName, "physicalName is null");
    requireNonNull(status, "status is null");
    requireNonNull(health, "health is null");
    requireNonNull(sqlText, "sqlText is null");
    requireNonNull(propertiesJson, "propertiesJson is null");
    requireNonNull(createdAt, "createdAt is null");
    requireNonNull(updatedAt, "updatedAt is null");
  }

  public TableEntry withReloadFailure(String error, Instant at) {
    return new TableEntry(
        name,
        physicalName,
        status,
        Health.DEGRADED,
        "the last reload failed (batch kept the previous data): " + error,
        rowCount,
        sqlText,
        propertiesJson,
        batchId,
        wave,
        createdAt,
        at,
        loadMillis,
        badRecords,
        error);
  }
}
