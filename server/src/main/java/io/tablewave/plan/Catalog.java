package io.tablewave.plan;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import io.tablewave.sql.TableName;

/**
 * What the planner needs to know about the world outside the batch. The planner asks each
 * question at most once per table name and per (topic, properties) pair of one plan.
 */
public interface Catalog {
  /** The registered table with this name (matched case-insensitively), including tables still loading. */
  Optional<ExistingTable> table(TableName name);

  /** Number of tables in the registry, including tables whose first load is still running. */
  int tableCount();

  /** Maximum number of tables the registry may hold ({@code --max-tables}). */
  int capacity();

  /**
   * Empty when the topic can be read with these table properties (which may carry
   * {@code kafka.*} overrides such as another bootstrap); otherwise why not, for people,
   * e.g. {@code topic 'x' does not exist on localhost:9092}.
   */
  Optional<String> topicProblem(String topic, Map<String, String> tableProperties);

  /**
   * About how many records a load of the topic with these properties would read, when it is cheap to know;
   * only used to start the biggest work first.
   */
  default OptionalLong topicRecords(String topic, Map<String, String> tableProperties) {
    return OptionalLong.empty();
  }
}
