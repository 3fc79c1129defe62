package io.tablewave.ui;

import io.tablewave.dispatch.BatchShape;
import io.tablewave.registry.BatchEntry;
import io.tablewave.registry.BatchTableEntry;
import io.tablewave.registry.DependencyEdge;
import io.tablewave.registry.TableEntry;
import java.util.List;
import java.util.Optional;

/** What the page reads: snapshots of the registry and the planned graphs of recent batches. */
public interface PipelineReads {
  List<BatchEntry> batches();

  Optional<BatchEntry> batch(long batchId);

  /** The tables of one batch with their live row counts. */
  List<BatchTableEntry> batchTables(long batchId);

  /** The tables of every batch, for the last status of each table. */
  List<BatchTableEntry> batchTables();

  /** The planned graph of a recent batch; empty when the server no longer knows it. */
  Optional<BatchShape> shape(long batchId);

  List<TableEntry> tables();

  List<DependencyEdge> dependencies();
}
