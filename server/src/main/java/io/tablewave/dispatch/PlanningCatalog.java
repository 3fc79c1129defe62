package io.tablewave.dispatch;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.error.TablewaveException;
import io.tablewave.plan.Catalog;
import io.tablewave.plan.ExistingTable;
import io.tablewave.query.QueryEngine;
import io.tablewave.registry.Registry;
import io.tablewave.registry.TableStatus;
import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.DependencyExtractor;
import io.tablewave.sql.TableName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.calcite.schema.Schema;

/**
 * The registry, the store and the Kafka clusters as one planning of a batch sees them. Topic
 * columns are sampled once per (topic, properties) pair and kept for the plan, so that they can be
 * sampled before the batch is planned under the registry's planning lock, and so that the load
 * stages exactly the columns the queries were validated against. Used by one thread.
 */
final class PlanningCatalog implements Catalog {
  private final Registry registry;
  private final QueryEngine engine;
  private final TopicChecker topics;
  private final int capacity;
  private final Map<Map.Entry<String, Map<String, String>>, Sample> samples = new HashMap<>();
  private final DependencyExtractor extractor = new DependencyExtractor();

  PlanningCatalog(Registry registry, QueryEngine engine, TopicChecker topics, int capacity) {
    this.registry = requireNonNull(registry, "registry is null");
    this.engine = requireNonNull(engine, "engine is null");
    this.topics = requireNonNull(topics, "topics is null");
    this.capacity = capacity;
  }

  /** The columns of a topic, or why they cannot be read. */
  private record Sample(Optional<List<Column>> columns, TablewaveException failure) {}

  /**
   * Samples the topics the statements read, except for statements that will keep their existing
   * table (and so read nothing); a topic that cannot be read is left for planning to report.
   */
  void sampleTopics(List<CreateTableAs> statements) {
    for (CreateTableAs statement : statements) {
      if (statement.ifNotExists() && registry.table(statement.table().name()).isPresent()) {
        continue;
      }
      for (String topic : extractor.extract(statement.query()).topics()) {
        sample(topic, statement.properties());
      }
    }
  }

  @Override
  public Optional<ExistingTable> table(TableName name) {
    return registry
        .table(name.name())
        .map(
            t ->
                new ExistingTable(
                    new TableName(t.name()), t.status() == TableStatus.LOADING, t.rowCount()));
  }

  @Override
  public int tableCount() {
    return registry.tableCount();
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public Optional<String> topicProblem(String topic, Map<String, String> tableProperties) {
    return topics.problem(topic, tableProperties);
  }

  @Override
  public OptionalLong topicRecords(String topic, Map<String, String> tableProperties) {
    return topics.records(topic, tableProperties);
  }

  @Override
  public Optional<List<Column>> columns(ExistingTable table) {
    return registry
        .table(table.name().name())
        .filter(entry -> entry.status() == TableStatus.ACTIVE)
        .map(entry -> engine.registeredColumns(entry.physicalName()));
  }

  @Override
  public Optional<List<Column>> topicColumns(String topic, Map<String, String> tableProperties) {
    Sample sample = sample(topic, tableProperties);
    if (sample.failure() != null) {
      throw sample.failure();
    }
    return sample.columns();
  }

  @Override
  public Map<String, Schema> systemSchemas() {
    return engine.otherSchemas();
  }

  private Sample sample(String topic, Map<String, String> properties) {
    return samples.computeIfAbsent(
        Map.entry(topic, Map.copyOf(properties)),
        key -> {
          try {
            return new Sample(topics.columns(topic, properties), null);
          } catch (TablewaveException e) {
            return new Sample(Optional.empty(), e);
          }
        });
  }
}
