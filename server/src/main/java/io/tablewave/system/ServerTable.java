package io.tablewave.system;

import static io.tablewave.system.SystemColumn.notNull;
import static io.tablewave.system.SystemColumn.nullable;
import static java.util.Objects.requireNonNull;
import static org.apache.calcite.sql.type.SqlTypeName.VARCHAR;

import java.util.List;
import org.apache.calcite.DataContext;

/** {@code SYS.SERVER}: name/value rows about the running server. */
final class ServerTable extends SystemTable {
  private final ServerFacts facts;

  ServerTable(ServerFacts facts) {
    super(List.of(notNull("NAME", VARCHAR), nullable("VALUE", VARCHAR)));
    this.facts = requireNonNull(facts, "facts is null");
  }

  @Override
  List<Object[]> rows(DataContext context) {
    return facts.facts().stream().map(f -> new Object[] {f.name(), f.value()}).toList();
  }
}
