package io.tablewave.system;

import java.util.List;

import org.apache.calcite.DataContext;

import io.tablewave.registry.Registry;

import static io.tablewave.system.SystemColumn.notNull;
import static java.util.Objects.requireNonNull;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

/** {@code SYS.DEPENDENCIES}: one row per edge, table to table or table to Kafka topic. */
final class DependenciesTable extends SystemTable {
  private final Registry registry;

  DependenciesTable(Registry registry) {
    super(List.of(notNull("TABLE_NAME", VARCHAR), notNull("DEPENDS_ON", VARCHAR), notNull("KIND", VARCHAR),
        notNull("ORIGIN", VARCHAR)));
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  List<Object[]> rows(DataContext context) {
    return registry.dependencies().stream()
        .map(d -> new Object[] {d.tableName(), d.dependsOn(), d.kind().name(), d.origin().name()})
        .toList();
  }
}
