package io.tablewave.system;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

import io.tablewave.refresh.RefreshLog;
import io.tablewave.refresh.TableVersions;
import io.tablewave.registry.Registry;

/** The {@code SYS} schema: the registry and the server, readable with SQL. */
public final class SystemSchema extends AbstractSchema {
  public static final String NAME = "SYS";

  private final Map<String, Table> tables;

  public SystemSchema(Registry registry, ServerFacts facts, TableVersions versions, RefreshLog refreshes) {
    Map<String, Table> map = new LinkedHashMap<>();
    map.put("TABLES", new TablesTable(registry, versions));
    map.put("DEPENDENCIES", new DependenciesTable(registry));
    map.put("BATCHES", new BatchesTable(registry));
    map.put("BATCH_TABLES", new BatchTablesTable(registry));
    map.put("WAVES", new WavesTable(registry));
    map.put("PROGRESS", new ProgressTable(registry));
    map.put("KAFKA_OFFSETS", new KafkaOffsetsTable(registry, versions));
    map.put("REFRESHES", new RefreshesTable(refreshes));
    map.put("SERVER", new ServerTable(facts));
    this.tables = Map.copyOf(map);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }
}
