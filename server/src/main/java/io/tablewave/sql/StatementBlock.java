package io.tablewave.sql;

import java.util.List;

/** {@code BEGIN stmt; stmt; ... END}: a block that DBeaver sends whole; its CTAS form one batch. */
public record StatementBlock(List<ParsedStatement> statements, String sqlText)
    implements ParsedStatement {
  public StatementBlock {
    statements = List.copyOf(statements);
  }
}
