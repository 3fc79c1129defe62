package io.tablewave.system;

import static io.tablewave.system.SystemColumn.notNull;
import static io.tablewave.system.SystemColumn.nullable;
import static java.util.Objects.requireNonNull;
import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import io.tablewave.continuous.Freshness;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.DataContext;

/**
 * {@code SYS.FRESHNESS}: how fresh each table is, how and when it is refreshed, and what it has not
 * read yet of its topics (live).
 */
final class FreshnessTable extends SystemTable {
  private final Supplier<List<Freshness>> freshness;

  FreshnessTable(Supplier<List<Freshness>> freshness) {
    super(
        List.of(
            notNull("TABLE_NAME", VARCHAR),
            notNull("REFRESH_MODE", VARCHAR),
            nullable("REFRESH_INTERVAL", VARCHAR),
            nullable("LAST_REFRESH_AT", TIMESTAMP),
            nullable("RECORDS_BEHIND", BIGINT),
            nullable("LAG_MILLIS", BIGINT),
            nullable("NEXT_REFRESH_AT", TIMESTAMP),
            nullable("LAST_ERROR", VARCHAR)));
    this.freshness = requireNonNull(freshness, "freshness is null");
  }

  @Override
  List<Object[]> rows(DataContext context) {
    return freshness.get().stream()
        .map(
            f ->
                new Object[] {
                  f.tableName(),
                  f.refreshMode(),
                  f.refreshInterval(),
                  millis(f.lastRefreshAt()),
                  f.recordsBehind(),
                  f.lagMillis(),
                  millis(f.nextRefreshAt()),
                  f.lastError()
                })
        .toList();
  }
}
