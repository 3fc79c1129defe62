package io.tablewave.sql.parser;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code REFRESH TABLE name [, name ...] [FULL]} or {@code REFRESH ALL [FULL]}. */
public final class SqlRefreshTables extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("REFRESH", SqlKind.OTHER);

  private final List<SqlIdentifier> names;
  private final boolean all;
  private final boolean full;

  public SqlRefreshTables(SqlParserPos pos, List<SqlIdentifier> names, boolean all, boolean full) {
    super(pos);
    this.names = List.copyOf(names);
    this.all = all;
    this.full = full;
  }

  /** The tables named; empty for {@code REFRESH ALL}. */
  public List<SqlIdentifier> names() {
    return names;
  }

  public boolean all() {
    return all;
  }

  /** Whether FULL was given: rebuild from scratch. */
  public boolean full() {
    return full;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return new ArrayList<>(names);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("REFRESH");
    if (all) {
      writer.keyword("ALL");
    } else {
      writer.keyword("TABLE");
      final SqlWriter.Frame frame = writer.startList("", "");
      for (SqlIdentifier name : names) {
        writer.sep(",");
        name.unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
    if (full) {
      writer.keyword("FULL");
    }
  }
}
