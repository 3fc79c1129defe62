package io.tablewave.system;

import java.util.List;

import org.apache.calcite.DataContext;

import io.tablewave.registry.Registry;

import static io.tablewave.system.SystemColumn.notNull;
import static java.util.Objects.requireNonNull;
import static org.apache.calcite.sql.type.SqlTypeName.BIGINT;
import static org.apache.calcite.sql.type.SqlTypeName.INTEGER;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

/** {@code SYS.KAFKA_OFFSETS}: the offsets loaded per partition into each table. */
final class KafkaOffsetsTable extends SystemTable {
  private final Registry registry;

  KafkaOffsetsTable(Registry registry) {
    super(List.of(notNull("TABLE_NAME", VARCHAR), notNull("TOPIC", VARCHAR), notNull("PARTITION", INTEGER),
        notNull("START_OFFSET", BIGINT), notNull("END_OFFSET", BIGINT)));
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  List<Object[]> rows(DataContext context) {
    return registry.kafkaOffsets().stream()
        .map(o -> new Object[] {o.tableName(), o.topic(), o.partition(), o.startOffset(), o.endOffset()})
        .toList();
  }
}
