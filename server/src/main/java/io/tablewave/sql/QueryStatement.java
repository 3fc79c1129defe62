package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.sql.SqlNode;

/** A query (SELECT, VALUES, WITH, set operations, {@code EXPLAIN PLAN FOR}) answered with rows. */
public record QueryStatement(SqlNode query, String sqlText) implements ParsedStatement {
  public QueryStatement {
    requireNonNull(query, "query is null");
    requireNonNull(sqlText, "sqlText is null");
  }
}
