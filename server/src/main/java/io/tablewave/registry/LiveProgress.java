package io.tablewave.registry;

/** A table of a running batch as {@code SYS.PROGRESS} shows it. */
public record LiveProgress(
    long batchId,
    String tableName,
    BatchTableStatus status,
    long rowsLoaded,
    Long rowsExpected,
    long elapsedMillis) {}
