package io.tablewave.query;

import static java.util.Objects.requireNonNull;

import io.tablewave.registry.Registry;
import io.tablewave.registry.TableStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.adapter.jdbc.StoreTables;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;
import org.apache.calcite.sql.SqlDialect;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The {@code PUBLIC} schema: the ACTIVE tables of the registry, each read from the physical table
 * that holds its rows now. Staging tables and the registry's own tables stay invisible, and an OR
 * REPLACE swap shows up atomically because the lookup goes through the registry.
 */
final class PublicSchema extends JdbcSchema {
  private final Lookup<Table> tables;

  /**
   * @param staged tables visible to this connection only, by name: the physical tables a load
   *     staged (e.g. a Kafka topic's snapshot) before running its query
   * @param resolutions where each registered table this schema is asked for is recorded, with the
   *     answer given
   */
  PublicSchema(
      DataSource dataSource,
      SqlDialect dialect,
      JdbcConvention convention,
      String storeSchema,
      Registry registry,
      Map<String, String> staged,
      StoreTables.ColumnCache registeredColumns,
      StoreTables.ColumnNames columnNames,
      TableResolutions resolutions) {
    super(dataSource, dialect, convention, null, storeSchema);
    requireNonNull(registry, "registry is null");
    requireNonNull(resolutions, "resolutions is null");
    Map<String, String> stagedByName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    stagedByName.putAll(requireNonNull(staged, "staged is null"));
    requireNonNull(registeredColumns, "registeredColumns is null");
    Map<String, Table> physicalTables = new ConcurrentHashMap<>();
    // A load may stage a topic again under the same name with other columns; registered tables
    // never change.
    Function<String, Table> stagedTable =
        physical ->
            physicalTables.computeIfAbsent(
                physical,
                p ->
                    StoreTables.create(
                        this, storeSchema, p, StoreTables.ColumnCache.NONE, columnNames));
    Function<String, Table> physicalTable =
        physical ->
            physicalTables.computeIfAbsent(
                physical,
                p -> StoreTables.create(this, storeSchema, p, registeredColumns, columnNames));
    this.tables =
        new Lookup<>() {
          @Override
          public @Nullable Table get(String name) {
            if (stagedByName.containsKey(name)) {
              return stagedTable.apply(stagedByName.get(name));
            }
            return registered(registry, resolutions, new TableResolutions.Asked(name, false))
                .map(t -> physicalTable.apply(t.physicalName()))
                .orElse(null);
          }

          @Override
          public @Nullable Named<Table> getIgnoreCase(String name) {
            if (stagedByName.containsKey(name)) {
              Table table = stagedTable.apply(stagedByName.get(name));
              return table == null ? null : new Named<>(name, table);
            }
            TableResolutions.Answer entry =
                registered(registry, resolutions, new TableResolutions.Asked(name, true))
                    .orElse(null);
            if (entry == null) {
              return null;
            }
            Table table = physicalTable.apply(entry.physicalName());
            return table == null ? null : new Named<>(entry.name(), table);
          }

          @Override
          public Set<String> getNames(LikePattern pattern) {
            resolutions.listed();
            Set<String> names = new TreeSet<>();
            var matcher = pattern.matcher();
            List<String> candidates = new ArrayList<>(registry.activeTableNames());
            candidates.addAll(stagedByName.keySet());
            for (String name : candidates) {
              if (matcher.apply(name) || matcher.apply(name.toUpperCase(Locale.ROOT))) {
                names.add(name);
              }
            }
            return names;
          }
        };
  }

  /**
   * The ACTIVE registered table {@code asked} names now: exactly (a name as the registry spells it)
   * or ignoring case. The one rule both a query's planning and a kept plan's check follow.
   */
  static Optional<TableResolutions.Answer> answer(Registry registry, TableResolutions.Asked asked) {
    return registry
        .table(asked.name())
        .filter(
            t ->
                t.status() == TableStatus.ACTIVE
                    && (asked.ignoringCase() || t.name().equals(asked.name())))
        .map(t -> new TableResolutions.Answer(t.name(), t.physicalName()));
  }

  private static Optional<TableResolutions.Answer> registered(
      Registry registry, TableResolutions resolutions, TableResolutions.Asked asked) {
    Optional<TableResolutions.Answer> answer = answer(registry, asked);
    resolutions.answered(asked, answer);
    return answer;
  }

  @Override
  public Lookup<Table> tables() {
    return tables;
  }
}
