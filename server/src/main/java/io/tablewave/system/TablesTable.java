package io.tablewave.system;

import java.util.List;
import java.util.Optional;

import org.apache.calcite.DataContext;

import io.tablewave.refresh.TableVersion;
import io.tablewave.refresh.TableVersions;
import io.tablewave.registry.Registry;
import io.tablewave.registry.TableEntry;

import static io.tablewave.system.SystemColumn.notNull;
import static io.tablewave.system.SystemColumn.nullable;
import static java.util.Objects.requireNonNull;
import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

/** {@code SYS.TABLES}: one row per table in {@code PUBLIC} or being created there. */
final class TablesTable extends SystemTable {
  private final Registry registry;
  private final TableVersions versions;

  TablesTable(Registry registry, TableVersions versions) {
    super(List.of(notNull("TABLE_NAME", VARCHAR), notNull("STATUS", VARCHAR), notNull("HEALTH", VARCHAR),
        nullable("ISSUES", VARCHAR), notNull("ROW_COUNT", BIGINT), notNull("SQL_TEXT", VARCHAR),
        notNull("PROPERTIES", VARCHAR), notNull("BATCH_ID", BIGINT), notNull("WAVE", INTEGER),
        notNull("CREATED_AT", TIMESTAMP), notNull("UPDATED_AT", TIMESTAMP), notNull("LOAD_MILLIS", BIGINT),
        notNull("BAD_RECORDS", BIGINT), nullable("LAST_ERROR", VARCHAR), nullable("REFRESH_MODE", VARCHAR),
        nullable("REFRESH_REASON", VARCHAR), nullable("FINGERPRINT", VARCHAR)));
    this.registry = requireNonNull(registry, "registry is null");
    this.versions = requireNonNull(versions, "versions is null");
  }

  @Override
  List<Object[]> rows(DataContext context) {
    return registry.tables().stream().map(this::row).toList();
  }

  private Object[] row(TableEntry t) {
    // A version recorded for an earlier load than the table's (a crash between the two) is not shown.
    Optional<TableVersion> version = versions.version(t.name()).filter(v -> v.loadBatchId() == t.batchId());
    return new Object[] {t.name(), t.status().name(), t.health().name(), t.issues(), t.rowCount(), t.sqlText(),
        t.propertiesJson(), t.batchId(), t.wave(), millis(t.createdAt()), millis(t.updatedAt()), t.loadMillis(),
        t.badRecords(), t.lastError(), version.map(TableVersion::refreshMode).orElse(null),
        version.map(TableVersion::refreshReason).orElse(null),
        version.map(TableVersion::fingerprint).filter(f -> !f.isEmpty()).orElse(null)};
  }
}
