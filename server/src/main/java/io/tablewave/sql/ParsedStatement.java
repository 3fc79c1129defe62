package io.tablewave.sql;

/** One statement of a script, as the parser understood it. */
public sealed interface ParsedStatement
    permits BatchStatement,
        AlterTableSet,
        DropTable,
        ExplainBatch,
        QueryStatement,
        StatementBlock,
        CancelBatch,
        CancelSession,
        SessionSetting {

  /** The statement's own text, as the user wrote it. */
  String sqlText();
}
