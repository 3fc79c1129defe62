package io.tablewave.system;

import static io.tablewave.system.SystemColumn.notNull;
import static io.tablewave.system.SystemColumn.nullable;
import static java.util.Objects.requireNonNull;
import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import io.tablewave.continuous.RegisteredProperties;
import io.tablewave.refresh.TableVersion;
import io.tablewave.refresh.TableVersions;
import io.tablewave.registry.KafkaOffsetEntry;
import io.tablewave.registry.TableEntry;
import io.tablewave.sql.RefreshSchedule;
import java.util.List;
import java.util.Optional;

/**
 * The columns refreshing adds to {@code SYS.TABLES} (how a table is refreshed: CONTINUOUS or
 * SCHEDULED when the server refreshes it by itself, else FULL or INCREMENTAL; why; its fingerprint)
 * and to {@code SYS.KAFKA_OFFSETS} (the next offset to read, the topic's id), from the tables'
 * versions.
 */
final class RefreshColumns {
  static final List<SystemColumn> TABLES =
      List.of(
          nullable("REFRESH_MODE", VARCHAR),
          nullable("REFRESH_REASON", VARCHAR),
          nullable("FINGERPRINT", VARCHAR));
  static final List<SystemColumn> KAFKA_OFFSETS =
      List.of(notNull("NEXT_OFFSET", BIGINT), nullable("TOPIC_ID", VARCHAR));

  private final TableVersions versions;
  private final RegisteredProperties properties = new RegisteredProperties();

  RefreshColumns(TableVersions versions) {
    this.versions = requireNonNull(versions, "versions is null");
  }

  Object[] table(TableEntry t) {
    // A version recorded for an earlier load than the table's (a crash between the two) is not
    // shown.
    Optional<TableVersion> version =
        versions.version(t.name()).filter(v -> v.loadBatchId() == t.batchId());
    RefreshSchedule schedule = properties.schedule(t);
    return new Object[] {
      schedule.active()
          ? schedule.kind().name()
          : version.map(TableVersion::refreshMode).orElse(null),
      version.map(TableVersion::refreshReason).orElse(null),
      version.map(TableVersion::fingerprint).filter(f -> !f.isEmpty()).orElse(null)
    };
  }

  Object[] offsets(KafkaOffsetEntry o) {
    return new Object[] {
      o.endOffset(),
      versions.version(o.tableName()).map(v -> v.topicIds().get(o.topic())).orElse(null)
    };
  }
}
