package io.tablewave.sql.parser;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CANCEL BATCH id}. */
public final class SqlCancelBatch extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("CANCEL BATCH", SqlKind.OTHER);

  private final long batchId;

  public SqlCancelBatch(SqlParserPos pos, long batchId) {
    super(pos);
    this.batchId = batchId;
  }

  public long batchId() {
    return batchId;
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
    writer.keyword("CANCEL BATCH");
    writer.print(Long.toString(batchId));
  }
}
