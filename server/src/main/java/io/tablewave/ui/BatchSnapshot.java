package io.tablewave.ui;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * One batch as the page draws it, and as {@code GET /ui/api/batches/{id}} answers: the batch, its
 * tables as positioned nodes, the edges between them and the totals of each wave. Status words are
 * lower case ({@code pending}, {@code loading}, {@code succeeded}, ...); times are ISO-8601 UTC
 * text.
 */
public record BatchSnapshot(
    BatchSummary batch, List<Node> nodes, List<Edge> edges, List<WaveTotals> waves) {
  public BatchSnapshot {
    requireNonNull(batch, "batch is null");
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    waves = List.copyOf(waves);
  }

  /**
   * One table of the batch.
   *
   * @param expected rows the load will read when known upfront (Kafka loads), else null
   * @param progress 0 to 1 when it can be told (known expected rows, or finished), else null
   * @param skippedBecause the failed table this one depended on, or null
   * @param position where the page draws it (null in a change, where it never changes)
   * @param sql its statement (null in a change, where it never changes)
   */
  public record Node(
      String id,
      String name,
      int statementIndex,
      int wave,
      String status,
      long rows,
      Long expected,
      Double progress,
      String error,
      String skippedBecause,
      String startedAt,
      String finishedAt,
      String sql,
      LayeredLayout.Position position) {
    /** The node without what never changes, for a change event. */
    Node changing() {
      return new Node(
          id,
          name,
          statementIndex,
          wave,
          status,
          rows,
          expected,
          progress,
          error,
          skippedBecause,
          startedAt,
          finishedAt,
          null,
          null);
    }
  }

  /** {@code source} is read by {@code target}. */
  public record Edge(String id, String source, String target) {}

  /** The tables of one wave by status, and the rows they loaded. */
  public record WaveTotals(
      int wave,
      int tables,
      Map<String, Integer> statuses,
      long rows,
      String startedAt,
      String finishedAt) {
    public WaveTotals {
      statuses = Map.copyOf(statuses);
    }
  }
}
