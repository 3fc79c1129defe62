package io.tablewave.ui;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Places a directed acyclic graph in columns, one per layer (a batch's wave), left to right along
 * the edges. Within a column nodes are ordered by the mean height of their neighbours in the
 * columns beside it (the barycenter heuristic, a few sweeps down and up the columns), which keeps
 * most edges short and uncrossed; each column is centred on the horizontal axis. The same input
 * always gives the same positions, so a page that redraws a node never moves it.
 */
public final class LayeredLayout {
  private static final int SWEEPS = 4;

  private final double columnWidth;
  private final double rowHeight;

  public LayeredLayout(double columnWidth, double rowHeight) {
    if (columnWidth <= 0 || rowHeight <= 0) {
      throw new IllegalArgumentException("column width and row height must be positive");
    }
    this.columnWidth = columnWidth;
    this.rowHeight = rowHeight;
  }

  /** A node and its layer; nodes of one layer share a column, lower layers to the left. */
  public record Node(String id, int layer) {
    public Node {
      requireNonNull(id, "id is null");
    }
  }

  /** An edge from {@code from} (the input) to {@code to} (the table that reads it). */
  public record Edge(String from, String to) {
    public Edge {
      requireNonNull(from, "from is null");
      requireNonNull(to, "to is null");
    }
  }

  /** The centre of a node. */
  public record Position(double x, double y) {}

  /**
   * The layer of every node as the length of the longest path reaching it: 0 for nodes nothing
   * points to, else one more than the highest layer among its inputs. Nodes on a cycle (which a
   * planned batch never has) go one column right of everything else.
   */
  public static Map<String, Integer> longestPathLayers(List<String> ids, List<Edge> edges) {
    Map<String, Integer> inDegree = new LinkedHashMap<>();
    Map<String, List<String>> outputs = new HashMap<>();
    ids.forEach(id -> inDegree.put(id, 0));
    for (Edge edge : edges) {
      if (inDegree.containsKey(edge.from()) && inDegree.containsKey(edge.to())) {
        inDegree.merge(edge.to(), 1, Integer::sum);
        outputs.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge.to());
      }
    }
    Map<String, Integer> layers = new LinkedHashMap<>();
    Deque<String> ready = new ArrayDeque<>();
    inDegree.forEach(
        (id, degree) -> {
          if (degree == 0) {
            ready.add(id);
            layers.put(id, 0);
          }
        });
    int highest = 0;
    while (!ready.isEmpty()) {
      String id = ready.poll();
      int layer = layers.get(id);
      highest = Math.max(highest, layer);
      for (String next : outputs.getOrDefault(id, List.of())) {
        layers.merge(next, layer + 1, Math::max);
        if (inDegree.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    for (String id : ids) {
      if (inDegree.get(id) > 0) {
        layers.put(id, highest + 1);
      }
    }
    return layers;
  }

  /**
   * Positions every node. Nodes keep their given order within a column where the edges do not
   * suggest another.
   */
  public Map<String, Position> layout(List<Node> nodes, List<Edge> edges) {
    TreeMap<Integer, List<String>> columns = new TreeMap<>();
    Map<String, Integer> columnOf = new HashMap<>();
    for (Node node : nodes) {
      columns.computeIfAbsent(node.layer(), k -> new ArrayList<>()).add(node.id());
    }
    List<List<String>> ordered = new ArrayList<>(columns.values());
    for (int c = 0; c < ordered.size(); c++) {
      for (String id : ordered.get(c)) {
        columnOf.put(id, c);
      }
    }
    Map<String, List<String>> inputs = new HashMap<>();
    Map<String, List<String>> outputs = new HashMap<>();
    for (Edge edge : edges) {
      Integer from = columnOf.get(edge.from());
      Integer to = columnOf.get(edge.to());
      if (from != null && to != null && !from.equals(to)) {
        inputs.computeIfAbsent(edge.to(), k -> new ArrayList<>()).add(edge.from());
        outputs.computeIfAbsent(edge.from(), k -> new ArrayList<>()).add(edge.to());
      }
    }
    Map<String, Double> heights = new HashMap<>();
    ordered.forEach(column -> place(column, heights));
    for (int sweep = 0; sweep < SWEEPS; sweep++) {
      boolean down = sweep % 2 == 0;
      for (int i = 1; i < ordered.size(); i++) {
        int c = down ? i : ordered.size() - 1 - i;
        List<String> column = ordered.get(c);
        Map<String, List<String>> neighbours = down ? inputs : outputs;
        Map<String, Double> key = new HashMap<>();
        for (String id : column) {
          List<String> near = neighbours.getOrDefault(id, List.of());
          key.put(
              id,
              near.isEmpty()
                  ? heights.get(id)
                  : near.stream().mapToDouble(heights::get).average().orElseThrow());
        }
        // a stable sort: ties keep the order of the previous sweep
        column.sort(Comparator.comparingDouble(key::get));
        place(column, heights);
      }
    }
    Map<String, Position> positions = new LinkedHashMap<>();
    for (Node node : nodes) {
      positions.put(
          node.id(), new Position(columnOf.get(node.id()) * columnWidth, heights.get(node.id())));
    }
    return positions;
  }

  private void place(List<String> column, Map<String, Double> heights) {
    double top = -(column.size() - 1) * rowHeight / 2;
    for (int i = 0; i < column.size(); i++) {
      heights.put(column.get(i), top + i * rowHeight);
    }
  }
}
