package io.tablewave.system;

import static io.tablewave.system.SystemColumn.notNull;
import static io.tablewave.system.SystemColumn.nullable;
import static java.util.Objects.requireNonNull;
import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.DOUBLE;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import io.tablewave.registry.LiveProgress;
import io.tablewave.registry.Registry;
import java.util.List;
import org.apache.calcite.DataContext;

/** {@code SYS.PROGRESS}: live, one row per table of each running batch. */
final class ProgressTable extends SystemTable {
  private final Registry registry;

  ProgressTable(Registry registry) {
    super(
        List.of(
            notNull("BATCH_ID", BIGINT),
            notNull("TABLE_NAME", VARCHAR),
            notNull("STATUS", VARCHAR),
            notNull("ROWS_LOADED", BIGINT),
            nullable("ROWS_EXPECTED", BIGINT),
            nullable("PERCENT", DOUBLE),
            nullable("ROWS_PER_SECOND", DOUBLE),
            notNull("ELAPSED_MILLIS", BIGINT),
            nullable("ETA_MILLIS", BIGINT)));
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  List<Object[]> rows(DataContext context) {
    return registry.liveProgress().stream().map(ProgressTable::row).toList();
  }

  private static Object[] row(LiveProgress p) {
    Double percent =
        p.rowsExpected() == null
            ? null
            : p.rowsExpected() == 0
                ? 100.0
                : Math.min(100.0, 100.0 * p.rowsLoaded() / p.rowsExpected());
    Double rate = p.elapsedMillis() > 0 ? p.rowsLoaded() * 1000.0 / p.elapsedMillis() : null;
    Long eta = null;
    if (p.rowsExpected() != null && rate != null && rate > 0) {
      eta = (long) (Math.max(0, p.rowsExpected() - p.rowsLoaded()) * 1000.0 / rate);
    }
    return new Object[] {
      p.batchId(),
      p.tableName(),
      p.status().name(),
      p.rowsLoaded(),
      p.rowsExpected(),
      percent,
      rate,
      p.elapsedMillis(),
      eta
    };
  }
}
