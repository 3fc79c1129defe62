package io.tablewave.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.ui.LayeredLayout.Edge;
import io.tablewave.ui.LayeredLayout.Node;
import io.tablewave.ui.LayeredLayout.Position;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayeredLayoutTest {
  private final LayeredLayout layout = new LayeredLayout(100, 10);

  @Test
  void eachLayerIsAColumnFromLeftToRightAndEachColumnIsCentred() {
    Map<String, Position> positions =
        layout.layout(
            List.of(
                new Node("A", 1),
                new Node("B", 1),
                new Node("C", 2),
                new Node("D", 3),
                new Node("E", 1)),
            List.of(new Edge("A", "C"), new Edge("C", "D")));

    assertThat(positions.get("A").x()).isEqualTo(0);
    assertThat(positions.get("B").x()).isEqualTo(0);
    assertThat(positions.get("E").x()).isEqualTo(0);
    assertThat(positions.get("C").x()).isEqualTo(100);
    assertThat(positions.get("D").x()).isEqualTo(200);
    assertThat(List.of(positions.get("A").y(), positions.get("B").y(), positions.get("E").y()))
        .containsExactlyInAnyOrder(-10.0, 0.0, 10.0);
    assertThat(positions.get("C").y()).isEqualTo(0);
    assertThat(positions.get("D").y()).isEqualTo(0);
  }

  @Test
  void columnsFollowTheLayersPresentWithoutGaps() {
    Map<String, Position> positions =
        layout.layout(List.of(new Node("A", 0), new Node("B", 5)), List.of());

    assertThat(positions.get("A").x()).isEqualTo(0);
    assertThat(positions.get("B").x()).isEqualTo(100);
  }

  @Test
  void nodesAreOrderedBesideWhatTheyReadSoEdgesDoNotCross() {
    // A reads nothing, B reads nothing; Y reads B, X reads A: given as X, Y they would cross
    Map<String, Position> positions =
        layout.layout(
            List.of(new Node("A", 1), new Node("B", 1), new Node("Y", 2), new Node("X", 2)),
            List.of(new Edge("A", "X"), new Edge("B", "Y")));

    assertThat(positions.get("A").y()).isLessThan(positions.get("B").y());
    assertThat(positions.get("X").y()).isLessThan(positions.get("Y").y());
  }

  @Test
  void theSameGraphAlwaysGetsTheSamePositions() {
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      nodes.add(new Node("T" + i, 1 + i % 4));
      if (i >= 4) {
        edges.add(new Edge("T" + (i * 7 % i), "T" + i));
      }
    }
    assertThat(layout.layout(nodes, edges)).isEqualTo(layout.layout(nodes, edges));
  }

  @Test
  void fiveHundredNodesGetDistinctPositions() {
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      nodes.add(new Node("T" + i, 1 + i / 100));
      if (i >= 100) {
        edges.add(new Edge("T" + (i - 100), "T" + i));
        edges.add(new Edge("T" + (i * 31 % 100), "T" + i));
      }
    }
    long started = System.nanoTime();
    Map<String, Position> positions = layout.layout(nodes, edges);
    long millis = (System.nanoTime() - started) / 1_000_000;

    System.out.printf("layout of 500 nodes and %d edges: %d ms%n", edges.size(), millis);
    assertThat(positions).hasSize(500);
    Set<Position> distinct = new HashSet<>(positions.values());
    assertThat(distinct).hasSize(500);
    assertThat(positions.values())
        .extracting(Position::x)
        .containsOnly(0.0, 100.0, 200.0, 300.0, 400.0);
  }

  @Test
  void longestPathLayersStartAtZeroAndFollowTheLongestInput() {
    Map<String, Integer> layers =
        LayeredLayout.longestPathLayers(
            List.of("topic", "A", "B", "C", "alone"),
            List.of(
                new Edge("topic", "A"),
                new Edge("A", "B"),
                new Edge("topic", "C"),
                new Edge("B", "C")));

    assertThat(layers)
        .containsExactlyInAnyOrderEntriesOf(Map.of("topic", 0, "A", 1, "B", 2, "C", 3, "alone", 0));
  }

  @Test
  void nodesOnACycleGoToTheLastColumnInsteadOfLooping() {
    Map<String, Integer> layers =
        LayeredLayout.longestPathLayers(
            List.of("A", "B", "C"), List.of(new Edge("B", "C"), new Edge("C", "B")));

    assertThat(layers).containsExactlyInAnyOrderEntriesOf(Map.of("A", 0, "B", 1, "C", 1));
  }

  @Test
  void aLayoutNeedsPositiveSpacing() {
    assertThatThrownBy(() -> new LayeredLayout(0, 10)).isInstanceOf(IllegalArgumentException.class);
  }
}
