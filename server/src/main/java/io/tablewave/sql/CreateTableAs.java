package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.sql.SqlNode;

/**
 * {@code CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [WITH (...)] AS query [WITH (...)]}.
 *
 * @param table the table to create
 * @param properties the WITH properties in the order written (both clauses merged); keys as written
 * @param query the query, Kafka sources already turned into {@code KAFKA."topic"} identifiers
 * @param sqlText the statement's text
 * @param line 1-based line of the statement's first token in the submitted text
 * @param column 1-based column of the statement's first token
 */
public record CreateTableAs(
    TableName table,
    boolean orReplace,
    boolean ifNotExists,
    Map<String, String> properties,
    SqlNode query,
    String sqlText,
    int line,
    int column)
    implements BatchStatement {
  public CreateTableAs {
    requireNonNull(table, "table is null");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    requireNonNull(query, "query is null");
    requireNonNull(sqlText, "sqlText is null");
  }
}
