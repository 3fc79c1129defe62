package io.tablewave.ui;

import io.tablewave.dispatch.BatchShape;
import io.tablewave.registry.BatchEntry;
import io.tablewave.registry.BatchTableEntry;
import io.tablewave.registry.DependencyEdge;
import io.tablewave.registry.TableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Registry reads a test sets by hand. */
final class FakeReads implements PipelineReads {
  final Map<Long, BatchEntry> batches = new ConcurrentHashMap<>();
  final Map<Long, List<BatchTableEntry>> batchTables = new ConcurrentHashMap<>();
  final Map<Long, BatchShape> shapes = new ConcurrentHashMap<>();
  final List<TableEntry> tables = new CopyOnWriteArrayList<>();
  final List<DependencyEdge> dependencies = new CopyOnWriteArrayList<>();

  @Override
  public List<BatchEntry> batches() {
    return List.copyOf(batches.values());
  }

  @Override
  public Optional<BatchEntry> batch(long batchId) {
    return Optional.ofNullable(batches.get(batchId));
  }

  @Override
  public List<BatchTableEntry> batchTables(long batchId) {
    return List.copyOf(batchTables.getOrDefault(batchId, List.of()));
  }

  @Override
  public List<BatchTableEntry> batchTables() {
    List<BatchTableEntry> all = new ArrayList<>();
    batchTables.values().forEach(all::addAll);
    return all;
  }

  @Override
  public Optional<BatchShape> shape(long batchId) {
    return Optional.ofNullable(shapes.get(batchId));
  }

  @Override
  public List<TableEntry> tables() {
    return List.copyOf(tables);
  }

  @Override
  public List<DependencyEdge> dependencies() {
    return List.copyOf(dependencies);
  }
}
