package io.tablewave.system;

import java.util.List;

import org.apache.calcite.DataContext;

import io.tablewave.registry.Registry;

import static io.tablewave.system.SystemColumn.notNull;
import static io.tablewave.system.SystemColumn.nullable;
import static java.util.Objects.requireNonNull;
import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

/** {@code SYS.BATCH_TABLES}: one row per table of each batch, live while the batch runs. */
final class BatchTablesTable extends SystemTable {
  private final Registry registry;

  BatchTablesTable(Registry registry) {
    super(List.of(notNull("BATCH_ID", BIGINT), notNull("TABLE_NAME", VARCHAR), notNull("STATEMENT_INDEX", INTEGER),
        notNull("WAVE", INTEGER), notNull("STATUS", VARCHAR), notNull("ROWS_LOADED", BIGINT),
        nullable("ROWS_EXPECTED", BIGINT), nullable("STARTED_AT", TIMESTAMP), nullable("FINISHED_AT", TIMESTAMP),
        nullable("ERROR_MESSAGE", VARCHAR), nullable("SKIPPED_BECAUSE", VARCHAR), notNull("ATTEMPTS", INTEGER)));
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  List<Object[]> rows(DataContext context) {
    return registry.batchTables().stream()
        .map(e -> new Object[] {e.batchId(), e.tableName(), e.statementIndex(), e.wave(), e.status().name(),
            e.rowsLoaded(), e.rowsExpected(), millis(e.startedAt()), millis(e.finishedAt()), e.errorMessage(),
            e.skippedBecause(), e.attempts()})
        .toList();
  }
}
