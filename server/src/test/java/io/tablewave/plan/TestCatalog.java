package io.tablewave.plan;

import io.tablewave.data.Column;
import io.tablewave.sql.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** An in-memory registry and topic list, for planning without a server. */
final class TestCatalog implements Catalog {
  private final Map<TableName, ExistingTable> tables = new HashMap<>();
  private final Set<String> topics = new HashSet<>();
  private final Map<String, Long> topicRecords = new HashMap<>();
  private final List<String> topicQuestions = new ArrayList<>();
  private final List<TableName> tableQuestions = new ArrayList<>();
  private final Map<TableName, List<Column>> tableColumns = new HashMap<>();
  private final Map<String, List<Column>> topicColumns = new HashMap<>();
  private final List<String> topicSamples = new ArrayList<>();
  private int capacity = 10_000;
  private int otherTables;

  TestCatalog table(String name) {
    tables.put(new TableName(name), new ExistingTable(new TableName(name), false));
    return this;
  }

  TestCatalog table(String name, long rows) {
    tables.put(new TableName(name), new ExistingTable(new TableName(name), false, rows));
    return this;
  }

  /** A registered table whose columns the planner may read. */
  TestCatalog tableWithColumns(String name, Column... columns) {
    table(name);
    tableColumns.put(new TableName(name), List.of(columns));
    return this;
  }

  /** A topic whose sampled columns the planner may read. */
  TestCatalog topicWithColumns(String name, Column... columns) {
    topics.add(name);
    topicColumns.put(name, List.of(columns));
    return this;
  }

  /** The topics whose columns were asked for, in order. */
  List<String> topicSamples() {
    return topicSamples;
  }

  TestCatalog topicWithRecords(String name, long records) {
    topics.add(name);
    topicRecords.put(name, records);
    return this;
  }

  TestCatalog loading(String name) {
    tables.put(new TableName(name), new ExistingTable(new TableName(name), true));
    return this;
  }

  TestCatalog topic(String... names) {
    topics.addAll(List.of(names));
    return this;
  }

  TestCatalog capacity(int capacity) {
    this.capacity = capacity;
    return this;
  }

  /** Registered tables that no statement of the tests names, for capacity checks. */
  TestCatalog otherTables(int count) {
    this.otherTables = count;
    return this;
  }

  List<String> topicQuestions() {
    return topicQuestions;
  }

  List<TableName> tableQuestions() {
    return tableQuestions;
  }

  @Override
  public Optional<ExistingTable> table(TableName name) {
    tableQuestions.add(name);
    return Optional.ofNullable(tables.get(name));
  }

  @Override
  public OptionalLong topicRecords(String topic, Map<String, String> tableProperties) {
    Long records = topicRecords.get(topic);
    return records == null ? OptionalLong.empty() : OptionalLong.of(records);
  }

  @Override
  public Optional<List<Column>> columns(ExistingTable table) {
    return Optional.ofNullable(tableColumns.get(table.name()));
  }

  @Override
  public Optional<List<Column>> topicColumns(String topic, Map<String, String> tableProperties) {
    topicSamples.add(topic);
    return Optional.ofNullable(topicColumns.get(topic));
  }

  @Override
  public int tableCount() {
    return tables.size() + otherTables;
  }

  @Override
  public int capacity() {
    return capacity;
  }

  @Override
  public Optional<String> topicProblem(String topic, Map<String, String> tableProperties) {
    topicQuestions.add(topic);
    if (topics.contains(topic)) {
      return Optional.empty();
    }
    String bootstrap = tableProperties.getOrDefault("kafka.bootstrap.servers", "localhost:9092");
    return Optional.of("topic '" + topic + "' does not exist on " + bootstrap);
  }
}
