package io.tablewave.system;

import static io.tablewave.system.SystemColumn.notNull;
import static io.tablewave.system.SystemColumn.nullable;
import static java.util.Objects.requireNonNull;
import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import io.tablewave.refresh.RefreshLog;
import java.util.List;
import org.apache.calcite.DataContext;

/**
 * {@code SYS.REFRESHES}: one row per load of a table, its mode and what it appended (bounded
 * history).
 */
final class RefreshesTable extends SystemTable {
  private final RefreshLog log;

  RefreshesTable(RefreshLog log) {
    super(
        List.of(
            notNull("TABLE_NAME", VARCHAR),
            notNull("BATCH_ID", BIGINT),
            notNull("MODE", VARCHAR),
            nullable("STARTED_AT", TIMESTAMP),
            notNull("FINISHED_AT", TIMESTAMP),
            notNull("ROWS_APPENDED", BIGINT),
            notNull("STATUS", VARCHAR),
            nullable("ERROR_MESSAGE", VARCHAR),
            nullable("OFFSET_RANGES", VARCHAR)));
    this.log = requireNonNull(log, "log is null");
  }

  @Override
  List<Object[]> rows(DataContext context) {
    return log.records().stream()
        .map(
            r ->
                new Object[] {
                  r.tableName(),
                  r.batchId(),
                  r.mode(),
                  millis(r.startedAt()),
                  millis(r.finishedAt()),
                  r.rowsAppended(),
                  r.status(),
                  r.errorMessage(),
                  r.offsetRanges()
                })
        .toList();
  }
}
