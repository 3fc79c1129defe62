package io.tablewave.system;

import io.tablewave.continuous.Freshness;
import io.tablewave.refresh.TableVersions;
import io.tablewave.registry.ContinuousRefreshEntry;
import io.tablewave.registry.RefreshEntry;
import io.tablewave.registry.Registry;
import io.tablewave.registry.RegistryTables;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** The {@code SYS} schema: the registry and the server, readable with SQL. */
public final class SystemSchema extends AbstractSchema {
  public static final String NAME = "SYS";

  /**
   * The table of one connection's own batches; each connection's SYS holds its own (see {@link
   * #sessionTables}).
   */
  public static final String MY_BATCHES = "MY_BATCHES";

  private final Registry registry;
  private final Map<String, Table> tables;

  public SystemSchema(
      Registry registry,
      ServerFacts facts,
      TableVersions versions,
      Supplier<List<RefreshEntry>> refreshes,
      Supplier<List<Freshness>> freshness,
      Supplier<List<ContinuousRefreshEntry>> continuousRefreshes) {
    this.registry = registry;
    Map<String, Table> map = new LinkedHashMap<>();
    RefreshColumns refresh = new RefreshColumns(versions);
    put(
        map,
        new RegistryView<>(
            RegistryTables.TABLES, registry::tables, RefreshColumns.TABLES, refresh::table));
    put(map, new RegistryView<>(RegistryTables.DEPENDENCIES, registry::dependencies));
    put(map, new RegistryView<>(RegistryTables.BATCHES, registry::batches));
    put(map, new RegistryView<>(RegistryTables.BATCH_TABLES, registry::batchTables));
    map.put("WAVES", new WavesTable(registry));
    map.put("PROGRESS", new ProgressTable(registry));
    put(
        map,
        new RegistryView<>(
            RegistryTables.KAFKA_OFFSETS,
            registry::kafkaOffsets,
            RefreshColumns.KAFKA_OFFSETS,
            refresh::offsets));
    put(map, new RegistryView<>(RegistryTables.REFRESHES, refreshes));
    map.put("SERVER", new ServerTable(facts));
    map.put("FRESHNESS", new FreshnessTable(freshness));
    put(map, new RegistryView<>(RegistryTables.CONTINUOUS_REFRESHES, continuousRefreshes));
    this.tables = Map.copyOf(map);
  }

  /**
   * The tables that differ per connection, to add to that connection's {@code SYS}: {@code
   * MY_BATCHES}, the batches whose id {@code submittedByConnection} accepts, with the columns of
   * {@code SYS.BATCHES}.
   */
  public Map<String, Table> sessionTables(LongPredicate submittedByConnection) {
    return Map.of(
        MY_BATCHES,
        new RegistryView<>(
            RegistryTables.BATCHES,
            () ->
                registry.batches().stream()
                    .filter(batch -> submittedByConnection.test(batch.batchId()))
                    .toList()));
  }

  private static void put(Map<String, Table> map, RegistryView<?> view) {
    map.put(view.name(), view);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }
}
