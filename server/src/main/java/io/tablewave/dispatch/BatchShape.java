package io.tablewave.dispatch;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The planned graph of one batch: its tables in statement order, what each reads and its SQL. The
 * registry records a table's dependencies only once it has loaded; this is the whole graph from the
 * moment the batch is planned, for those who draw it.
 */
public record BatchShape(long batchId, List<Table> tables) {
  public BatchShape {
    tables = List.copyOf(tables);
  }

  /**
   * One table of the batch.
   *
   * @param dependsOn the tables of this batch it reads, sorted
   * @param topics the Kafka topics it reads, sorted
   * @param sqlText its statement with secret properties masked
   */
  public record Table(
      String name,
      int statementIndex,
      String sqlText,
      List<String> dependsOn,
      List<String> topics) {
    public Table {
      requireNonNull(name, "name is null");
      requireNonNull(sqlText, "sqlText is null");
      dependsOn = List.copyOf(dependsOn);
      topics = List.copyOf(topics);
    }
  }
}
