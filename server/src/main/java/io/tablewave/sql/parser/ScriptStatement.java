package io.tablewave.sql.parser;

import static java.util.Objects.requireNonNull;

import org.apache.calcite.sql.SqlNode;

/**
 * One statement of a script and where it is: the first and last character of its text as 1-based
 * line and column (both inclusive), relative to the whole script.
 */
public record ScriptStatement(
    SqlNode statement, int beginLine, int beginColumn, int endLine, int endColumn) {
  public ScriptStatement {
    requireNonNull(statement, "statement is null");
  }
}
