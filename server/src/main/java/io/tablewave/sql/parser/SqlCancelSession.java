package io.tablewave.sql.parser;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CANCEL SESSION 'connection id'}: stops the batch that connection is running, if any. */
public final class SqlCancelSession extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CANCEL SESSION", SqlKind.OTHER);

  private final String sessionId;

  public SqlCancelSession(SqlParserPos pos, String sessionId) {
    super(pos);
    this.sessionId = requireNonNull(sessionId, "sessionId is null");
  }

  public String sessionId() {
    return sessionId;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of();
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CANCEL SESSION");
    writer.literal("'" + sessionId.replace("'", "''") + "'");
  }
}
