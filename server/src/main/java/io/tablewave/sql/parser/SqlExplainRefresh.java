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

/** {@code EXPLAIN REFRESH ...}: the dry run of a batch that starts with this statement. */
public final class SqlExplainRefresh extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("EXPLAIN REFRESH", SqlKind.OTHER);

  private final SqlRefreshTables refresh;

  public SqlExplainRefresh(SqlParserPos pos, SqlRefreshTables refresh) {
    super(pos);
    this.refresh = requireNonNull(refresh, "refresh is null");
  }

  public SqlRefreshTables refresh() {
    return refresh;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(refresh);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("EXPLAIN");
    refresh.unparse(writer, leftPrec, rightPrec);
  }
}
