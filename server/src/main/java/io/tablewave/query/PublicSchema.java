package io.tablewave.query;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import javax.sql.DataSource;

import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;
import org.apache.calcite.sql.SqlDialect;
import org.checkerframework.checker.nullness.qual.Nullable;

import io.tablewave.registry.Registry;
import io.tablewave.registry.TableEntry;
import io.tablewave.registry.TableStatus;

import static java.util.Objects.requireNonNull;

/**
 * The {@code PUBLIC} schema: the ACTIVE tables of the registry, each read from the physical
 * table that holds its rows now. Staging tables and the registry's own tables stay invisible,
 * and an OR REPLACE swap shows up atomically because the lookup goes through the registry.
 */
final class PublicSchema extends JdbcSchema {
  private final Registry registry;
  private final Lookup<Table> tables;

  PublicSchema(DataSource dataSource, SqlDialect dialect, JdbcConvention convention, String storeSchema,
      Registry registry) {
    super(dataSource, dialect, convention, null, storeSchema);
    this.registry = requireNonNull(registry, "registry is null");
    Lookup<Table> physicalTables = super.tables();
    this.tables = new Lookup<>() {
      @Override
      public @Nullable Table get(String name) {
        return registry.table(name)
            .filter(t -> t.status() == TableStatus.ACTIVE && t.name().equals(name))
            .map(t -> physicalTables.get(t.physicalName()))
            .orElse(null);
      }

      @Override
      public @Nullable Named<Table> getIgnoreCase(String name) {
        TableEntry entry = registry.table(name).filter(t -> t.status() == TableStatus.ACTIVE).orElse(null);
        if (entry == null) {
          return null;
        }
        Table table = physicalTables.get(entry.physicalName());
        return table == null ? null : new Named<>(entry.name(), table);
      }

      @Override
      public Set<String> getNames(LikePattern pattern) {
        Set<String> names = new TreeSet<>();
        var matcher = pattern.matcher();
        for (String name : registry.activeTableNames()) {
          if (matcher.apply(name) || matcher.apply(name.toUpperCase(Locale.ROOT))) {
            names.add(name);
          }
        }
        return names;
      }
    };
  }

  @Override
  public Lookup<Table> tables() {
    return tables;
  }
}
