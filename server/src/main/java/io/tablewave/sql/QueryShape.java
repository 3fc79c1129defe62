package io.tablewave.sql;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;

/** What a query does, seen from its tree. */
public final class QueryShape {
  private QueryShape() {}

  /**
   * Whether {@code query} is {@code SELECT * FROM source}, with or without an alias: every row and
   * every column of one table or topic, unchanged.
   */
  public static boolean selectsAllOfOneSource(SqlNode query) {
    if (!(query instanceof SqlSelect select)) {
      return false;
    }
    SqlNodeList columns = select.getSelectList();
    boolean allColumns =
        columns.size() == 1 && columns.get(0) instanceof SqlIdentifier column && column.isStar();
    boolean noClauses =
        select.getWhere() == null
            && select.getGroup() == null
            && select.getHaving() == null
            && select.getQualify() == null
            && select.getWindowList().isEmpty()
            && select.getOrderList() == null
            && select.getOffset() == null
            && select.getFetch() == null
            && !select.isDistinct()
            && (select.getHints() == null || select.getHints().isEmpty());
    return allColumns && noClauses && isOneSource(select.getFrom());
  }

  private static boolean isOneSource(SqlNode from) {
    if (from instanceof SqlIdentifier) {
      return true;
    }
    return from instanceof SqlBasicCall call
        && call.getKind() == SqlKind.AS
        && call.operandCount() == 2
        && call.operand(0) instanceof SqlIdentifier;
  }
}
