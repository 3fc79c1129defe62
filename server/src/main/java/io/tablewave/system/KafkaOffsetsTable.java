package io.tablewave.system;

import java.util.List;

import org.apache.calcite.DataContext;

import io.tablewave.refresh.TableVersions;
import io.tablewave.registry.Registry;

import static io.tablewave.system.SystemColumn.notNull;
import static io.tablewave.system.SystemColumn.nullable;
import static java.util.Objects.requireNonNull;
import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

/** {@code SYS.KAFKA_OFFSETS}: the offsets loaded per partition into each table. */
final class KafkaOffsetsTable extends SystemTable {
  private final Registry registry;
  private final TableVersions versions;

  KafkaOffsetsTable(Registry registry, TableVersions versions) {
    super(List.of(notNull("TABLE_NAME", VARCHAR), notNull("TOPIC", VARCHAR), notNull("PARTITION", INTEGER),
        notNull("START_OFFSET", BIGINT), notNull("END_OFFSET", BIGINT), notNull("NEXT_OFFSET", BIGINT),
        nullable("TOPIC_ID", VARCHAR)));
    this.registry = requireNonNull(registry, "registry is null");
    this.versions = requireNonNull(versions, "versions is null");
  }

  @Override
  List<Object[]> rows(DataContext context) {
    return registry.kafkaOffsets().stream()
        .map(o -> new Object[] {o.tableName(), o.topic(), o.partition(), o.startOffset(), o.endOffset(),
            o.endOffset(), versions.version(o.tableName()).map(v -> v.topicIds().get(o.topic())).orElse(null)})
        .toList();
  }
}
