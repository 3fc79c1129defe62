package io.tablewave.ui;

import static java.util.Objects.requireNonNull;

import io.tablewave.dispatch.BatchShape;
import io.tablewave.registry.BatchEntry;
import io.tablewave.registry.BatchTableEntry;
import io.tablewave.registry.BatchTableStatus;
import io.tablewave.registry.DependencyEdge;
import io.tablewave.registry.DependencyKind;
import io.tablewave.registry.TableEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds the batches as the page shows them from the registry's snapshots. A batch's graph never
 * changes once planned, so its layout is computed once and kept for the most recent batches.
 */
public final class BatchViews {
  static final double COLUMN_WIDTH = 260;
  static final double ROW_HEIGHT = 72;
  private static final int KEPT_LAYOUTS = 64;
  private static final Set<BatchTableStatus> NOT_LOADED =
      EnumSet.of(BatchTableStatus.FAILED, BatchTableStatus.SKIPPED, BatchTableStatus.CANCELLED);

  private final PipelineReads reads;
  private final Clock clock;
  private final LayeredLayout layout = new LayeredLayout(COLUMN_WIDTH, ROW_HEIGHT);
  private final Map<Long, Shape> shapes =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Shape> eldest) {
          return size() > KEPT_LAYOUTS;
        }
      };

  public BatchViews(PipelineReads reads, Clock clock) {
    this.reads = requireNonNull(reads, "reads is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** The batches, newest first, at most {@code limit}. */
  public List<BatchSummary> batches(int limit) {
    Instant now = clock.instant();
    return reads.batches().stream()
        .sorted(Comparator.comparingLong(BatchEntry::batchId).reversed())
        .limit(limit)
        .map(b -> summary(b, now))
        .toList();
  }

  public Optional<BatchSnapshot> batch(long batchId) {
    Optional<BatchEntry> batch = reads.batch(batchId);
    if (batch.isEmpty()) {
      return Optional.empty();
    }
    List<BatchTableEntry> entries =
        reads.batchTables(batchId).stream()
            .sorted(Comparator.comparingInt(BatchTableEntry::statementIndex))
            .toList();
    Shape shape = shape(batchId, entries);
    List<BatchSnapshot.Node> nodes = new ArrayList<>();
    for (BatchTableEntry entry : entries) {
      nodes.add(
          new BatchSnapshot.Node(
              entry.tableName(),
              entry.tableName(),
              entry.statementIndex(),
              entry.wave(),
              word(entry.status()),
              entry.rowsLoaded(),
              entry.rowsExpected(),
              progress(entry),
              entry.errorMessage(),
              entry.skippedBecause(),
              text(entry.startedAt()),
              text(entry.finishedAt()),
              shape.sql().get(entry.tableName()),
              shape.positions().get(entry.tableName())));
    }
    return Optional.of(
        new BatchSnapshot(
            summary(batch.get(), clock.instant()), nodes, shape.edges(), waves(entries)));
  }

  static BatchSummary summary(BatchEntry batch, Instant now) {
    Instant end = batch.finishedAt() == null ? now : batch.finishedAt();
    return new BatchSummary(
        batch.batchId(),
        word(batch.status()),
        text(batch.submittedAt()),
        text(batch.finishedAt()),
        Math.max(0, end.toEpochMilli() - batch.submittedAt().toEpochMilli()),
        batch.tableCount(),
        batch.succeeded(),
        batch.failed(),
        batch.skipped(),
        batch.waveCount(),
        batch.parallelism(),
        batch.userName(),
        batch.errorMessage(),
        "/ui/?batch=" + batch.batchId());
  }

  private static List<BatchSnapshot.WaveTotals> waves(List<BatchTableEntry> entries) {
    Map<Integer, List<BatchTableEntry>> byWave = new TreeMap<>();
    entries.forEach(e -> byWave.computeIfAbsent(e.wave(), k -> new ArrayList<>()).add(e));
    List<BatchSnapshot.WaveTotals> waves = new ArrayList<>();
    byWave.forEach(
        (wave, tables) -> {
          Map<String, Integer> statuses = new TreeMap<>();
          long rows = 0;
          Instant started = null;
          Instant finished = null;
          boolean done = true;
          for (BatchTableEntry table : tables) {
            statuses.merge(word(table.status()), 1, Integer::sum);
            rows += table.rowsLoaded();
            if (table.startedAt() != null
                && (started == null || table.startedAt().isBefore(started))) {
              started = table.startedAt();
            }
            if (table.finishedAt() != null
                && (finished == null || table.finishedAt().isAfter(finished))) {
              finished = table.finishedAt();
            }
            done &= table.status().isFinal();
          }
          waves.add(
              new BatchSnapshot.WaveTotals(
                  wave,
                  tables.size(),
                  statuses,
                  rows,
                  text(started),
                  done ? text(finished) : null));
        });
    return waves;
  }

  private static Double progress(BatchTableEntry entry) {
    if (entry.status().isFinal()) {
      // succeeded or up to date: complete; failed, skipped, cancelled: nothing to measure
      return NOT_LOADED.contains(entry.status()) ? null : 1.0;
    }
    if (entry.rowsExpected() != null && entry.rowsExpected() > 0) {
      return Math.min(1.0, (double) entry.rowsLoaded() / entry.rowsExpected());
    }
    return null;
  }

  /**
   * The graph and SQL of a batch: as planned when this server planned it, else from the registry.
   */
  private Shape shape(long batchId, List<BatchTableEntry> entries) {
    synchronized (shapes) {
      Shape known = shapes.get(batchId);
      if (known != null && known.positions().size() == entries.size()) {
        return known;
      }
    }
    Map<String, String> byKey = new HashMap<>();
    entries.forEach(e -> byKey.put(key(e.tableName()), e.tableName()));
    List<LayeredLayout.Edge> edges = new ArrayList<>();
    Map<String, String> sql = new HashMap<>();
    Optional<BatchShape> planned = reads.shape(batchId);
    if (planned.isPresent()) {
      for (BatchShape.Table table : planned.get().tables()) {
        sql.put(table.name(), table.sqlText());
        for (String input : table.dependsOn()) {
          String from = byKey.get(key(input));
          if (from != null) {
            edges.add(new LayeredLayout.Edge(from, table.name()));
          }
        }
      }
    } else {
      for (DependencyEdge edge : reads.dependencies()) {
        String from = byKey.get(key(edge.dependsOn()));
        String to = byKey.get(key(edge.tableName()));
        if (edge.kind() == DependencyKind.TABLE && from != null && to != null) {
          edges.add(new LayeredLayout.Edge(from, to));
        }
      }
      for (TableEntry table : reads.tables()) {
        if (table.batchId() == batchId && byKey.containsKey(key(table.name()))) {
          sql.put(byKey.get(key(table.name())), table.sqlText());
        }
      }
    }
    List<LayeredLayout.Node> nodes =
        entries.stream().map(e -> new LayeredLayout.Node(e.tableName(), e.wave())).toList();
    Shape shape =
        new Shape(
            layout.layout(nodes, edges),
            edges.stream()
                .map(e -> new BatchSnapshot.Edge(e.from() + "->" + e.to(), e.from(), e.to()))
                .toList(),
            sql);
    synchronized (shapes) {
      shapes.put(batchId, shape);
    }
    return shape;
  }

  private record Shape(
      Map<String, LayeredLayout.Position> positions,
      List<BatchSnapshot.Edge> edges,
      Map<String, String> sql) {}

  static String key(String name) {
    return name.toUpperCase(Locale.ROOT);
  }

  static String word(Enum<?> status) {
    return status.name().toLowerCase(Locale.ROOT);
  }

  static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
