package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlNode;

/**
 * Finds the tables, Kafka topics and system tables a query reads. Names of CTEs in scope are not
 * dependencies; {@code x} and {@code PUBLIC.x} are the same table.
 */
public final class DependencyExtractor {
  /**
   * @throws io.tablewave.error.TablewaveException {@code MISSING_TABLE} when a table name has a
   *     schema other than PUBLIC, KAFKA, SYS and INFORMATION_SCHEMA
   */
  public Dependencies extract(SqlNode query) {
    requireNonNull(query, "query is null");
    final Set<TableName> tables = new LinkedHashSet<>();
    final Set<String> topics = new LinkedHashSet<>();
    final Set<List<String>> systemTables = new LinkedHashSet<>();
    TableReferenceWalker.walk(
        query,
        reference -> {
          switch (reference.kind()) {
            case TABLE -> tables.add(new TableName(reference.name().get(0)));
            case TOPIC -> topics.add(reference.name().get(0));
            case SYSTEM_TABLE -> systemTables.add(reference.name());
            default ->
                throw new IllegalStateException("Unknown reference kind " + reference.kind());
          }
        });
    return new Dependencies(tables, topics, systemTables);
  }

  /** How many times the query names a table, a topic or a system table: 2 for a self-join. */
  public int tableReferences(SqlNode query) {
    requireNonNull(query, "query is null");
    int[] references = {0};
    TableReferenceWalker.walk(query, reference -> references[0]++);
    return references[0];
  }
}
