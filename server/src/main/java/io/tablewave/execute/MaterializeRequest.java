package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.Dependencies;
import java.util.List;
import java.util.Map;

/**
 * One table to build.
 *
 * @param physicalName the new physical table to build; it becomes visible only when swapped in
 * @param columns the columns of the table as planning derived them from its query, which the table
 *     gets; empty when planning could not derive them (the load derives them then)
 * @param topicColumns the columns of each Kafka topic the query reads, as planning sampled them; a
 *     topic missing here is sampled when it is staged
 */
public record MaterializeRequest(
    long batchId,
    CreateTableAs statement,
    Dependencies dependencies,
    String physicalName,
    List<Column> columns,
    Map<String, List<Column>> topicColumns) {
  public MaterializeRequest {
    requireNonNull(statement, "statement is null");
    requireNonNull(dependencies, "dependencies is null");
    requireNonNull(physicalName, "physicalName is null");
    columns = List.copyOf(columns);
    topicColumns = Map.copyOf(topicColumns);
  }

  /** A table whose columns the load derives itself. */
  public MaterializeRequest(
      long batchId, CreateTableAs statement, Dependencies dependencies, String physicalName) {
    this(batchId, statement, dependencies, physicalName, List.of(), Map.of());
  }
}
