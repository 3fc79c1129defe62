package io.tablewave.sql.parser;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code ALTER TABLE name SET ('key' = 'value' [, ...])}. */
public final class SqlAlterTableSet extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("ALTER TABLE", SqlKind.ALTER_TABLE);

  private final SqlIdentifier name;
  private final SqlNodeList properties;

  public SqlAlterTableSet(SqlParserPos pos, SqlIdentifier name, SqlNodeList properties) {
    super(pos);
    this.name = requireNonNull(name, "name is null");
    this.properties = requireNonNull(properties, "properties is null");
  }

  public SqlIdentifier name() {
    return name;
  }

  /** The properties in the order written. */
  public List<SqlTableProperty> properties() {
    final List<SqlTableProperty> result = new ArrayList<>(properties.size());
    for (SqlNode property : properties) {
      result.add((SqlTableProperty) property);
    }
    return List.copyOf(result);
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, properties);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ALTER TABLE");
    name.unparse(writer, leftPrec, rightPrec);
    writer.keyword("SET");
    final SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode property : properties) {
      writer.sep(",");
      property.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }
}
