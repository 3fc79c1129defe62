package io.tablewave.plan;

import io.tablewave.data.Column;
import io.tablewave.sql.TableName;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.calcite.schema.Schema;

/**
 * What the planner needs to know about the world outside the batch. The planner asks each question
 * at most once per table name and per (topic, properties) pair of one plan.
 *
 * <p>The columns of registered tables and topics let the planner validate every query of the batch;
 * where a catalog does not know them, the statements that read them (and the statements that read
 * those in turn) are validated only when they load.
 */
public interface Catalog {
  /**
   * The registered table with this name (matched case-insensitively), including tables still
   * loading.
   */
  Optional<ExistingTable> table(TableName name);

  /** Number of tables in the registry, including tables whose first load is still running. */
  int tableCount();

  /** Maximum number of tables the registry may hold ({@code --max-tables}). */
  int capacity();

  /**
   * Empty when the topic can be read with these table properties (which may carry {@code kafka.*}
   * overrides such as another bootstrap); otherwise why not, for people, e.g. {@code topic 'x' does
   * not exist on localhost:9092}.
   */
  Optional<String> topicProblem(String topic, Map<String, String> tableProperties);

  /**
   * About how many records a load of the topic with these properties would read, when it is cheap
   * to know; only used to start the biggest work first.
   */
  default OptionalLong topicRecords(String topic, Map<String, String> tableProperties) {
    return OptionalLong.empty();
  }

  /**
   * The columns of a registered table that is not loading, as a query that reads it sees them;
   * empty when they are not known.
   */
  default Optional<List<Column>> columns(ExistingTable table) {
    return Optional.empty();
  }

  /**
   * The columns a load of the topic with these table properties would have (its inferred, or
   * declared, schema), which the load then uses; empty when they are not known.
   *
   * @throws io.tablewave.error.TablewaveException when the topic cannot be read
   */
  default Optional<List<Column>> topicColumns(String topic, Map<String, String> tableProperties) {
    return Optional.empty();
  }

  /**
   * Schemas besides {@code PUBLIC} and {@code KAFKA} a query may read, by name (e.g. {@code SYS}).
   */
  default Map<String, Schema> systemSchemas() {
    return Map.of();
  }
}
