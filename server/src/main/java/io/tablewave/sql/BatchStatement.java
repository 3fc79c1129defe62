package io.tablewave.sql;

/** A statement that runs as part of a batch: a CTAS or a REFRESH. */
public sealed interface BatchStatement extends ParsedStatement
    permits CreateTableAs, RefreshTables {}
