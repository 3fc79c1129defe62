package io.tablewave.ui;

import java.util.List;

/**
 * Every registered table and the Kafka topics they read, laid out by dependency depth ({@code GET
 * /ui/api/graph}). Topics are source nodes, kind {@code topic}, id {@code kafka://TOPIC}; tables
 * are kind {@code table}, id their name.
 */
public record GraphSnapshot(List<Node> nodes, List<BatchSnapshot.Edge> edges) {
  public GraphSnapshot {
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
  }

  /**
   * A table or a topic.
   *
   * @param status the table's status in the last batch that loaded or tried to load it (null for
   *     topics)
   * @param health {@code healthy} or {@code degraded} (null for topics)
   * @param batchId the last batch that loaded or tried to load it
   */
  public record Node(
      String id,
      String name,
      String kind,
      String status,
      String health,
      Long rows,
      String issues,
      String lastError,
      Long batchId,
      String updatedAt,
      String sql,
      LayeredLayout.Position position) {}
}
