package io.tablewave.sql.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code BEGIN stmt; stmt; ... END}: statements sent as one, each with its place in the text. */
public final class SqlStatementBlock extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("BEGIN", SqlKind.OTHER);

  private final List<ScriptStatement> statements;

  public SqlStatementBlock(SqlParserPos pos, List<ScriptStatement> statements) {
    super(pos);
    this.statements = List.copyOf(statements);
  }

  public List<ScriptStatement> statements() {
    return statements;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    final List<SqlNode> nodes = new ArrayList<>(statements.size());
    for (ScriptStatement statement : statements) {
      nodes.add(statement.statement());
    }
    return nodes;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("BEGIN");
    for (ScriptStatement statement : statements) {
      writer.newlineAndIndent();
      statement.statement().unparse(writer, 0, 0);
      writer.print(";");
    }
    writer.newlineAndIndent();
    writer.keyword("END");
  }
}
