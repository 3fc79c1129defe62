package io.tablewave.sql.parser;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code 'key' = 'value'} in a WITH clause of CREATE TABLE. */
public final class SqlTableProperty extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("TABLE PROPERTY", SqlKind.OTHER);

  private final SqlNode key;
  private final SqlNode value;

  public SqlTableProperty(SqlParserPos pos, SqlNode key, SqlNode value) {
    super(pos);
    this.key = requireNonNull(key, "key is null");
    this.value = requireNonNull(value, "value is null");
  }

  /** The key as written, without quotes. */
  public String key() {
    return text(key);
  }

  /** The value as written, without quotes. */
  public String value() {
    return text(value);
  }

  /** A literal's text; adjacent literals ({@code 'a' 'b'}) join, as SQL says. */
  private static String text(SqlNode literal) {
    return SqlLiteral.unchain(literal).getValueAs(String.class);
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(key, value);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    key.unparse(writer, leftPrec, rightPrec);
    writer.keyword("=");
    value.unparse(writer, leftPrec, rightPrec);
  }
}
