package io.tablewave.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablewave.dispatch.BatchShape;
import io.tablewave.registry.BatchEntry;
import io.tablewave.registry.BatchStatus;
import io.tablewave.registry.BatchTableEntry;
import io.tablewave.registry.BatchTableStatus;
import io.tablewave.registry.DependencyEdge;
import io.tablewave.registry.DependencyKind;
import io.tablewave.registry.DependencyOrigin;
import io.tablewave.registry.Health;
import io.tablewave.registry.TableEntry;
import io.tablewave.registry.TableStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The batch and graph views and the event stream over registry contents set by hand. */
class BatchViewsTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private final Clock clock = Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC);
  private final ObjectMapper json =
      new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
  private final FakeReads reads = new FakeReads();

  private void batch(long id, BatchStatus status, BatchTableEntry... tables) {
    reads.batches.put(
        id,
        new BatchEntry(
            id,
            status,
            T0,
            status.isFinal() ? T0.plusSeconds(3) : null,
            tables.length,
            0,
            0,
            0,
            2,
            4,
            "alice",
            null));
    reads.batchTables.put(id, List.of(tables));
  }

  private static BatchTableEntry table(
      long batch,
      String name,
      int index,
      int wave,
      BatchTableStatus status,
      long rows,
      Long expected) {
    return new BatchTableEntry(
        batch,
        name,
        index,
        wave,
        status,
        rows,
        expected,
        status == BatchTableStatus.PENDING ? null : T0,
        status.isFinal() ? T0.plusSeconds(2) : null,
        status == BatchTableStatus.FAILED ? "boom" : null,
        status == BatchTableStatus.SKIPPED ? "B" : null,
        1);
  }

  private void shape(long id, List<BatchShape.Table> tables) {
    reads.shapes.put(id, new BatchShape(id, tables));
  }

  @Test
  void aBatchHasItsTablesByWaveWithStatusRowsProgressAndPlannedEdges() {
    batch(
        1,
        BatchStatus.RUNNING,
        table(1, "A", 0, 1, BatchTableStatus.LOADING, 250, 1000L),
        table(1, "B", 1, 1, BatchTableStatus.FAILED, 0, null),
        table(1, "C", 2, 2, BatchTableStatus.SKIPPED, 0, null),
        table(1, "D", 3, 2, BatchTableStatus.PENDING, 0, null));
    shape(
        1,
        List.of(
            new BatchShape.Table(
                "A", 0, "CREATE TABLE A AS SELECT 1", List.of(), List.of("orders")),
            new BatchShape.Table("B", 1, "CREATE TABLE B AS SELECT 2", List.of(), List.of()),
            new BatchShape.Table(
                "C", 2, "CREATE TABLE C AS SELECT * FROM B", List.of("B"), List.of()),
            new BatchShape.Table(
                "D", 3, "CREATE TABLE D AS SELECT * FROM a", List.of("a"), List.of())));

    BatchSnapshot snapshot = new BatchViews(reads, clock).batch(1).orElseThrow();

    assertThat(snapshot.nodes())
        .extracting(
            BatchSnapshot.Node::id,
            BatchSnapshot.Node::status,
            BatchSnapshot.Node::wave,
            BatchSnapshot.Node::rows,
            BatchSnapshot.Node::progress)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("A", "loading", 1, 250L, 0.25),
            org.assertj.core.groups.Tuple.tuple("B", "failed", 1, 0L, null),
            org.assertj.core.groups.Tuple.tuple("C", "skipped", 2, 0L, null),
            org.assertj.core.groups.Tuple.tuple("D", "pending", 2, 0L, null));
    assertThat(snapshot.edges())
        .extracting(BatchSnapshot.Edge::source, BatchSnapshot.Edge::target)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("B", "C"),
            org.assertj.core.groups.Tuple.tuple("A", "D"));
    assertThat(snapshot.nodes().get(1).error()).isEqualTo("boom");
    assertThat(snapshot.nodes().get(2).skippedBecause()).isEqualTo("B");
    assertThat(snapshot.nodes().get(3).sql()).isEqualTo("CREATE TABLE D AS SELECT * FROM a");
    assertThat(snapshot.nodes())
        .allSatisfy(
            n -> assertThat(n.position().x()).isEqualTo((n.wave() - 1) * BatchViews.COLUMN_WIDTH));
    assertThat(snapshot.waves())
        .extracting(
            BatchSnapshot.WaveTotals::wave,
            BatchSnapshot.WaveTotals::tables,
            BatchSnapshot.WaveTotals::statuses,
            BatchSnapshot.WaveTotals::rows)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, 2, Map.of("loading", 1, "failed", 1), 250L),
            org.assertj.core.groups.Tuple.tuple(2, 2, Map.of("skipped", 1, "pending", 1), 0L));
    assertThat(snapshot.batch().durationMillis())
        .as("a running batch's duration runs to now")
        .isEqualTo(5000);
    assertThat(snapshot.batch().page()).isEqualTo("/ui/?batch=1");
  }

  @Test
  void aBatchThisServerDidNotPlanIsDrawnFromTheRegistrysEdges() {
    batch(
        7,
        BatchStatus.SUCCEEDED,
        table(7, "S", 0, 1, BatchTableStatus.SUCCEEDED, 10, null),
        table(7, "T", 1, 2, BatchTableStatus.SUCCEEDED, 3, null));
    reads.dependencies.add(
        new DependencyEdge("T", "s", DependencyKind.TABLE, DependencyOrigin.SQL));
    reads.dependencies.add(
        new DependencyEdge("T", "orders", DependencyKind.KAFKA_TOPIC, DependencyOrigin.SQL));

    BatchSnapshot snapshot = new BatchViews(reads, clock).batch(7).orElseThrow();

    assertThat(snapshot.edges()).extracting(BatchSnapshot.Edge::id).containsExactly("S->T");
    assertThat(snapshot.nodes()).extracting(BatchSnapshot.Node::progress).containsExactly(1.0, 1.0);
    assertThat(new BatchViews(reads, clock).batch(8)).isEmpty();
  }

  @Test
  void aChangeCarriesOnlyTheNodesThatChangedWithoutTheirPositionAndSql() {
    batch(
        2,
        BatchStatus.RUNNING,
        table(2, "A", 0, 1, BatchTableStatus.LOADING, 5, null),
        table(2, "B", 1, 2, BatchTableStatus.PENDING, 0, null));
    BatchViews views = new BatchViews(reads, clock);
    BatchSnapshot before = views.batch(2).orElseThrow();
    assertThat(BatchChange.between(before, views.batch(2).orElseThrow())).isEmpty();

    reads.batchTables.put(
        2L,
        List.of(
            table(2, "A", 0, 1, BatchTableStatus.LOADING, 9, null),
            table(2, "B", 1, 2, BatchTableStatus.PENDING, 0, null)));
    BatchChange change = BatchChange.between(before, views.batch(2).orElseThrow()).orElseThrow();

    assertThat(change.nodes())
        .extracting(BatchSnapshot.Node::id, BatchSnapshot.Node::rows)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("A", 9L));
    assertThat(change.nodes().get(0).position()).isNull();
    assertThat(change.nodes().get(0).sql()).isNull();
    assertThat(change.batch()).as("the batch itself did not change").isNull();
    assertThat(change.waves()).isNotNull();
  }

  @Test
  void theEventStreamSendsASnapshotThenChangesKeepAlivesAndTheEnd() throws Exception {
    batch(3, BatchStatus.RUNNING, table(3, "A", 0, 1, BatchTableStatus.LOADING, 0, null));
    BatchViews views = new BatchViews(reads, clock);
    EventStreamSettings settings =
        new EventStreamSettings(Duration.ofMillis(10), Duration.ofMillis(100), 1);
    AtomicBoolean stopping = new AtomicBoolean();
    ByteArrayOutputStream out =
        new ByteArrayOutputStream() {
          @Override
          public synchronized void write(byte[] b, int off, int len) {
            super.write(b, off, len);
          }
        };
    CompletableFuture<Void> streaming =
        CompletableFuture.runAsync(
            () -> {
              try {
                new BatchEventStream(views, json, settings, stopping::get)
                    .stream(views.batch(3).orElseThrow(), out);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    for (int i = 0;
        i < 1000 && !out.toString(StandardCharsets.UTF_8).contains(": keep-alive");
        i++) {
      Thread.sleep(10);
    }
    reads.batchTables.put(3L, List.of(table(3, "A", 0, 1, BatchTableStatus.SUCCEEDED, 42, null)));
    reads.batches.put(
        3L, reads.batches.get(3L).finish(BatchStatus.SUCCEEDED, T0.plusSeconds(4), 1, 0, 0, null));
    streaming.get(10, TimeUnit.SECONDS);

    String text;
    synchronized (out) {
      text = out.toString(StandardCharsets.UTF_8);
    }
    List<String> events = new ArrayList<>();
    for (String block : text.split("\n\n")) {
      events.add(
          block
              .lines()
              .filter(l -> l.startsWith("event: ") || l.startsWith(":"))
              .findFirst()
              .orElse(block));
    }
    assertThat(text).startsWith("retry: 2000\nevent: snapshot\ndata: {");
    assertThat(events).as(text).contains(": keep-alive");
    assertThat(events.stream().filter(e -> e.startsWith("event: ")).toList())
        .containsExactly("event: snapshot", "event: change", "event: end");
    String change =
        text.substring(text.indexOf("event: change\n")).lines().skip(1).findFirst().orElseThrow();
    assertThat(json.readTree(change.substring(6)).get("nodes").get(0).get("rows").asLong())
        .isEqualTo(42);
    assertThat(json.readTree(change.substring(6)).get("nodes").get(0).has("position")).isFalse();
  }

  @Test
  void theGraphHasEveryTableWithItsLastStatusAndTheTopicsAsSources() {
    reads.tables.add(
        new TableEntry(
            "ORDERS_RAW",
            "p1",
            TableStatus.ACTIVE,
            Health.HEALTHY,
            null,
            100,
            "CREATE TABLE orders_raw AS SELECT * FROM kafka://orders",
            "{}",
            1,
            1,
            T0,
            T0,
            5,
            0,
            null));
    reads.tables.add(
        new TableEntry(
            "DAILY",
            "p2",
            TableStatus.ACTIVE,
            Health.DEGRADED,
            "the last reload failed",
            7,
            "CREATE TABLE daily AS SELECT 1 FROM orders_raw",
            "{}",
            1,
            2,
            T0,
            T0,
            5,
            0,
            "boom"));
    reads.dependencies.add(
        new DependencyEdge(
            "ORDERS_RAW", "orders", DependencyKind.KAFKA_TOPIC, DependencyOrigin.SQL));
    reads.dependencies.add(
        new DependencyEdge("DAILY", "ORDERS_RAW", DependencyKind.TABLE, DependencyOrigin.SQL));
    batch(
        1,
        BatchStatus.SUCCEEDED,
        table(1, "ORDERS_RAW", 0, 1, BatchTableStatus.SUCCEEDED, 100, null),
        table(1, "DAILY", 1, 2, BatchTableStatus.SUCCEEDED, 7, null));
    batch(2, BatchStatus.FAILED, table(2, "DAILY", 0, 1, BatchTableStatus.FAILED, 0, null));

    GraphSnapshot graph = new GraphViews(reads).graph();

    assertThat(graph.nodes())
        .extracting(
            GraphSnapshot.Node::id,
            GraphSnapshot.Node::kind,
            GraphSnapshot.Node::status,
            GraphSnapshot.Node::health,
            GraphSnapshot.Node::batchId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("kafka://orders", "topic", null, null, null),
            org.assertj.core.groups.Tuple.tuple("DAILY", "table", "failed", "degraded", 2L),
            org.assertj.core.groups.Tuple.tuple("ORDERS_RAW", "table", "succeeded", "healthy", 1L));
    Map<String, Double> x = new java.util.HashMap<>();
    graph.nodes().forEach(n -> x.put(n.id(), n.position().x()));
    assertThat(x.get("kafka://orders")).isLessThan(x.get("ORDERS_RAW"));
    assertThat(x.get("ORDERS_RAW")).isLessThan(x.get("DAILY"));
    assertThat(graph.edges())
        .extracting(BatchSnapshot.Edge::id)
        .containsExactlyInAnyOrder("kafka://orders->ORDERS_RAW", "ORDERS_RAW->DAILY");
    assertThat(Optional.ofNullable(graph.nodes().get(1).lastError())).contains("boom");
  }
}
