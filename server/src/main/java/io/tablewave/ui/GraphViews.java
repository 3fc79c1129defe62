package io.tablewave.ui;

import static io.tablewave.ui.BatchViews.key;
import static io.tablewave.ui.BatchViews.text;
import static io.tablewave.ui.BatchViews.word;
import static java.util.Objects.requireNonNull;

import io.tablewave.registry.BatchTableEntry;
import io.tablewave.registry.DependencyEdge;
import io.tablewave.registry.DependencyKind;
import io.tablewave.registry.TableEntry;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the graph of every registered table and the topics they read. */
public final class GraphViews {
  /** The id prefix of a topic's node. */
  static final String TOPIC_PREFIX = "kafka://";

  private final PipelineReads reads;
  private final LayeredLayout layout =
      new LayeredLayout(BatchViews.COLUMN_WIDTH, BatchViews.ROW_HEIGHT);

  public GraphViews(PipelineReads reads) {
    this.reads = requireNonNull(reads, "reads is null");
  }

  public GraphSnapshot graph() {
    List<TableEntry> tables =
        reads.tables().stream().sorted(Comparator.comparing(TableEntry::name)).toList();
    Map<String, String> byKey = new HashMap<>();
    tables.forEach(t -> byKey.put(key(t.name()), t.name()));
    Map<String, BatchTableEntry> lastRun = new HashMap<>();
    for (BatchTableEntry entry : reads.batchTables()) {
      String name = byKey.get(key(entry.tableName()));
      if (name != null) {
        lastRun.merge(name, entry, (a, b) -> a.batchId() >= b.batchId() ? a : b);
      }
    }
    List<String> ids = new ArrayList<>();
    Map<String, String> topics = new LinkedHashMap<>();
    List<LayeredLayout.Edge> edges = new ArrayList<>();
    tables.forEach(t -> ids.add(t.name()));
    for (DependencyEdge edge : reads.dependencies()) {
      String table = byKey.get(key(edge.tableName()));
      if (table == null) {
        continue;
      }
      if (edge.kind() == DependencyKind.KAFKA_TOPIC) {
        String id = TOPIC_PREFIX + edge.dependsOn();
        topics.put(id, edge.dependsOn());
        edges.add(new LayeredLayout.Edge(id, table));
      } else if (byKey.containsKey(key(edge.dependsOn()))) {
        edges.add(new LayeredLayout.Edge(byKey.get(key(edge.dependsOn())), table));
      }
    }
    List<String> all = new ArrayList<>(topics.keySet().stream().sorted().toList());
    all.addAll(ids);
    Map<String, Integer> layers = LayeredLayout.longestPathLayers(all, edges);
    Map<String, LayeredLayout.Position> positions =
        layout.layout(
            all.stream().map(id -> new LayeredLayout.Node(id, layers.get(id))).toList(), edges);
    List<GraphSnapshot.Node> nodes = new ArrayList<>();
    for (String id : all) {
      if (topics.containsKey(id)) {
        nodes.add(
            new GraphSnapshot.Node(
                id,
                topics.get(id),
                "topic",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                positions.get(id)));
      }
    }
    for (TableEntry table : tables) {
      BatchTableEntry run = lastRun.get(table.name());
      String status = run != null ? word(run.status()) : word(table.status());
      nodes.add(
          new GraphSnapshot.Node(
              table.name(),
              table.name(),
              "table",
              status,
              word(table.health()),
              table.rowCount(),
              table.issues(),
              table.lastError(),
              run != null ? run.batchId() : table.batchId(),
              text(table.updatedAt()),
              table.sqlText(),
              positions.get(table.name())));
    }
    return new GraphSnapshot(
        nodes,
        edges.stream()
            .map(e -> new BatchSnapshot.Edge(e.from() + "->" + e.to(), e.from(), e.to()))
            .toList());
  }
}
