package io.tablewave.plan;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.query.RowTypes;
import io.tablewave.query.TablewaveTypeSystem;
import io.tablewave.sql.TableName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;

/**
 * Validates the query of every table a batch loads, in dependency order, against the columns its
 * inputs will have: a registered table's columns as they are, a table of the same batch the columns
 * derived from its own query (nothing runs), a Kafka topic the columns a load would infer from it
 * now. Every query that does not validate is a problem of the batch; the columns derived are those
 * the load then gives each table.
 *
 * <p>A query is not validated here when what it reads is not known yet: a table that is still
 * loading in another batch, a table or topic the batch is rejected for anyway, a table of the batch
 * whose own query did not validate or was not validated. It is validated when it loads.
 */
final class BatchValidation {
  private final Planning planning;
  private final Catalog catalog;
  private final RelDataTypeFactory typeFactory =
      new JavaTypeFactoryImpl(TablewaveTypeSystem.INSTANCE);
  private final QueryValidator validator;
  private final Map<TableName, Optional<RelDataType>> registeredRowTypes = new HashMap<>();
  private final Map<Map.Entry<String, Map<String, String>>, TopicRead> topicReads = new HashMap<>();

  /** Per position, the columns derived from the statement's query; null when not derived. */
  private final List<List<Column>> derived;

  /** Per position, how the statement's readers see its table; null when not derived. */
  private final RelDataType[] readAs;

  /** Per position, the columns of each topic the statement reads, when all were read. */
  private final List<Map<String, List<Column>>> topicColumns;

  BatchValidation(Planning planning, Catalog catalog) {
    this.planning = requireNonNull(planning, "planning is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.validator =
        new QueryValidator(
            typeFactory, requireNonNull(catalog.systemSchemas(), "systemSchemas is null"));
    int size = planning.size();
    this.derived = new ArrayList<>(size);
    this.topicColumns = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      derived.add(null);
      topicColumns.add(null);
    }
    this.readAs = new RelDataType[size];
  }

  /** What reading one topic with one set of properties gave. */
  private record TopicRead(List<Column> columns, RelDataType rowType, String error) {
    static final TopicRead UNKNOWN = new TopicRead(null, null, null);
  }

  /**
   * Validates the statements at these positions, in this order (each after the statements it
   * reads).
   */
  void run(int[] order) {
    for (int position : order) {
      if (planning.validatable(position)) {
        validate(position);
      }
    }
  }

  /** The columns derived for the statement at a position, if its query was validated. */
  Optional<List<Column>> columns(int position) {
    return Optional.ofNullable(derived.get(position));
  }

  /** The columns of each topic the statement at a position reads, as sampled for it. */
  Map<String, List<Column>> topicColumns(int position) {
    Map<String, List<Column>> columns = topicColumns.get(position);
    return columns == null ? Map.of() : columns;
  }

  private void validate(int position) {
    PlanInput input = planning.input(position);
    Map<String, List<Column>> readTopics = new LinkedHashMap<>();
    Map<String, RelDataType> topics = new HashMap<>();
    boolean known = true;
    for (String topic : input.topics()) {
      TopicRead read = topic(topic, input.statement().properties());
      if (read.error() != null) {
        planning.problem(
            ErrorCode.MISSING_TOPIC,
            position,
            "table " + input.name() + " cannot read Kafka topic '" + topic + "': " + read.error());
        return;
      }
      if (read.rowType() == null) {
        known = false;
        continue;
      }
      readTopics.put(topic, read.columns());
      topics.put(topic, read.rowType());
    }
    topicColumns.set(position, readTopics);
    Map<String, RelDataType> tables = new HashMap<>();
    for (TableName dependency : input.sqlDependencies()) {
      Optional<RelDataType> rowType = tableRead(position, dependency);
      if (rowType.isEmpty()) {
        known = false;
        break;
      }
      tables.put(dependency.name(), rowType.get());
    }
    if (!known) {
      return;
    }
    QueryValidator.Outcome outcome = validator.validate(input.statement().query(), tables, topics);
    if (outcome instanceof QueryValidator.Valid valid) {
      derived.set(position, valid.columns());
      readAs[position] = RowTypes.rowType(valid.columns(), typeFactory);
    } else if (outcome instanceof QueryValidator.Invalid invalid) {
      int line = invalid.line() > 0 ? invalid.line() : input.statement().line();
      int column = invalid.line() > 0 ? invalid.column() : input.statement().column();
      planning.problem(
          ErrorCode.INVALID_QUERY,
          position,
          "table "
              + input.name()
              + " (statement "
              + (input.statementIndex() + 1)
              + ", line "
              + line
              + ", column "
              + column
              + "): "
              + invalid.reason());
    }
  }

  /**
   * How the statement at {@code reader} sees a table it reads: the batch's new version or the
   * registered one.
   */
  private Optional<RelDataType> tableRead(int reader, TableName name) {
    Integer owner = planning.owner(name);
    if (owner != null && owner != reader && planning.action(owner) != Action.KEEP_EXISTING) {
      return Optional.ofNullable(readAs[owner]);
    }
    return registeredRowTypes.computeIfAbsent(
        name,
        key ->
            planning
                .registeredTable(key)
                .filter(table -> !table.loading())
                .flatMap(
                    table ->
                        requireNonNull(catalog.columns(table), "catalog returned null columns"))
                .map(columns -> RowTypes.rowType(columns, typeFactory)));
  }

  private TopicRead topic(String topic, Map<String, String> properties) {
    return topicReads.computeIfAbsent(
        Map.entry(topic, properties),
        key -> {
          try {
            return requireNonNull(
                    catalog.topicColumns(topic, properties), "catalog returned null topic columns")
                .map(
                    columns ->
                        new TopicRead(
                            List.copyOf(columns), RowTypes.rowType(columns, typeFactory), null))
                .orElse(TopicRead.UNKNOWN);
          } catch (TablewaveException e) {
            return new TopicRead(null, null, e.getMessage());
          }
        });
  }
}
