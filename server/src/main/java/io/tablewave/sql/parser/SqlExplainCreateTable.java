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

/** {@code EXPLAIN CREATE TABLE ...}: the dry run of a batch that starts with this statement. */
public final class SqlExplainCreateTable extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("EXPLAIN CREATE TABLE", SqlKind.OTHER);

  private final SqlCreateTableAs create;

  public SqlExplainCreateTable(SqlParserPos pos, SqlCreateTableAs create) {
    super(pos);
    this.create = requireNonNull(create, "create is null");
  }

  public SqlCreateTableAs create() {
    return create;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(create);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("EXPLAIN");
    create.unparse(writer, leftPrec, rightPrec);
  }
}
