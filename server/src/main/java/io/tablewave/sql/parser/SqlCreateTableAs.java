package io.tablewave.sql.parser;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlCreate;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [WITH (...)] AS query [WITH (...)]}. */
public final class SqlCreateTableAs extends SqlCreate {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("CREATE TABLE", SqlKind.CREATE_TABLE);

  private final SqlIdentifier name;
  private final SqlNodeList properties;
  private final SqlNode query;

  public SqlCreateTableAs(
      SqlParserPos pos,
      boolean replace,
      boolean ifNotExists,
      SqlIdentifier name,
      SqlNodeList properties,
      SqlNode query) {
    super(OPERATOR, pos, replace, ifNotExists);
    this.name = requireNonNull(name, "name is null");
    this.properties = requireNonNull(properties, "properties is null");
    this.query = requireNonNull(query, "query is null");
  }

  public SqlIdentifier name() {
    return name;
  }

  /** The properties of both WITH clauses, in the order written. */
  public List<SqlTableProperty> properties() {
    final List<SqlTableProperty> result = new ArrayList<>(properties.size());
    for (SqlNode property : properties) {
      result.add((SqlTableProperty) property);
    }
    return List.copyOf(result);
  }

  public SqlNode query() {
    return query;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return Arrays.asList(name, properties, query);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE");
    if (getReplace()) {
      writer.keyword("OR REPLACE");
    }
    writer.keyword("TABLE");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, leftPrec, rightPrec);
    if (!properties.isEmpty()) {
      writer.keyword("WITH");
      final SqlWriter.Frame frame = writer.startList("(", ")");
      for (SqlNode property : properties) {
        writer.sep(",");
        property.unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
    writer.keyword("AS");
    writer.newlineAndIndent();
    query.unparse(writer, 0, 0);
  }
}
