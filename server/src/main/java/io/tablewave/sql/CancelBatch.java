package io.tablewave.sql;

/** {@code CANCEL BATCH id}. */
public record CancelBatch(long batchId, String sqlText) implements ParsedStatement {}
