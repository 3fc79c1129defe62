package io.tablewave.sql;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a query reads, each set in the order of first appearance.
 *
 * @param tables tables of schema PUBLIC (CTE names excluded)
 * @param topics Kafka topics, case as written
 * @param systemTables tables of SYS and INFORMATION_SCHEMA as [schema, table], schema upper case
 */
public record Dependencies(
    Set<TableName> tables, Set<String> topics, Set<List<String>> systemTables) {
  public Dependencies {
    tables = Collections.unmodifiableSet(new LinkedHashSet<>(tables));
    topics = Collections.unmodifiableSet(new LinkedHashSet<>(topics));
    systemTables = Collections.unmodifiableSet(new LinkedHashSet<>(systemTables));
  }
}
