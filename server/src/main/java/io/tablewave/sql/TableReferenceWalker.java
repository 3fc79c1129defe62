package io.tablewave.sql;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Walks a query and reports every name that stands for a table (in FROM, JOIN, derived tables,
 * subqueries anywhere, set operations, CTE bodies, {@code TABLE t}), leaving out references to CTEs
 * in scope. Column references are never reported.
 */
final class TableReferenceWalker {
  /** What a table reference is. */
  enum Kind {
    TABLE,
    TOPIC,
    SYSTEM_TABLE
  }

  /**
   * One table reference.
   *
   * @param identifier the name as it appears in the tree
   * @param fromItem the FROM item to give an alias when it has none, or null when it needs none (it
   *     has one, or it is not a FROM item, e.g. {@code TABLE t})
   */
  record Reference(Kind kind, SqlIdentifier identifier, List<String> name, SqlNode fromItem) {}

  /** Receives the references in the order they appear. */
  interface Visitor {
    void reference(Reference reference);
  }

  /** The CTE names visible at a point of the query; inner WITHs extend outer ones. */
  private record Scope(Scope parent, List<String> names) {
    boolean defines(String name) {
      for (Scope s = this; s != null; s = s.parent) {
        for (String n : s.names) {
          if (n.equalsIgnoreCase(name)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private final Visitor visitor;

  private TableReferenceWalker(Visitor visitor) {
    this.visitor = visitor;
  }

  static void walk(SqlNode query, Visitor visitor) {
    new TableReferenceWalker(visitor).query(query, new Scope(null, List.of()));
  }

  private void query(SqlNode node, Scope scope) {
    if (node == null) {
      return;
    }
    switch (node.getKind()) {
      case SELECT -> select((SqlSelect) node, scope);
      case WITH -> with((SqlWith) node, scope);
      case ORDER_BY -> {
        final SqlOrderBy orderBy = (SqlOrderBy) node;
        query(orderBy.query, scope);
        expression(orderBy.orderList, scope);
        expression(orderBy.offset, scope);
        expression(orderBy.fetch, scope);
      }
      case UNION, INTERSECT, EXCEPT -> {
        for (SqlNode operand : ((SqlCall) node).getOperandList()) {
          query(operand, scope);
        }
      }
      case EXPLICIT_TABLE -> {
        final SqlNode table = ((SqlCall) node).operand(0);
        if (table instanceof SqlIdentifier identifier) {
          tableName(identifier, null, scope);
        } else {
          from(table, scope, false);
        }
      }
      case EXPLAIN -> query(((org.apache.calcite.sql.SqlExplain) node).getExplicandum(), scope);
      default -> expression(node, scope);
    }
  }

  private void with(SqlWith with, Scope outer) {
    final List<String> names = new ArrayList<>();
    Scope scope = new Scope(outer, names);
    for (SqlNode node : with.withList) {
      final SqlWithItem item = (SqlWithItem) node;
      final boolean recursive = item.recursive != null && item.recursive.booleanValue();
      if (recursive) {
        names.add(item.name.getSimple());
        query(item.query, new Scope(outer, List.copyOf(names)));
      } else {
        // a CTE sees the CTEs before it, not itself
        query(item.query, new Scope(outer, List.copyOf(names)));
        names.add(item.name.getSimple());
      }
    }
    scope = new Scope(outer, List.copyOf(names));
    query(with.body, scope);
  }

  private void select(SqlSelect select, Scope scope) {
    from(select.getFrom(), scope, false);
    expression(select.getSelectList(), scope);
    expression(select.getWhere(), scope);
    expression(select.getGroup(), scope);
    expression(select.getHaving(), scope);
    expression(select.getWindowList(), scope);
    expression(select.getQualify(), scope);
    expression(select.getOrderList(), scope);
    expression(select.getOffset(), scope);
    expression(select.getFetch(), scope);
  }

  /**
   * A FROM item. {@code aliased} tells whether an enclosing AS names it; an unaliased item is
   * reported as the node to alias.
   */
  private void from(SqlNode node, Scope scope, boolean aliased) {
    if (node == null) {
      return;
    }
    if (node instanceof SqlIdentifier identifier) {
      tableName(identifier, aliased ? null : identifier, scope);
      return;
    }
    if (node instanceof SqlJoin join) {
      from(join.getLeft(), scope, false);
      from(join.getRight(), scope, false);
      expression(join.getCondition(), scope);
      return;
    }
    if (!(node instanceof SqlCall call)) {
      return;
    }
    switch (node.getKind()) {
      case AS -> from(call.operand(0), scope, true);
      case LATERAL -> from(call.operand(0), scope, aliased);
      case TABLE_REF, EXTEND, SNAPSHOT, TABLESAMPLE, OVER -> {
        wrapped(call.operand(0), aliased ? null : node, scope);
        for (int i = 1; i < call.operandCount(); i++) {
          expression(call.operand(i), scope);
        }
      }
      case MATCH_RECOGNIZE, PIVOT, UNPIVOT -> {
        from(call.operand(0), scope, true);
        for (int i = 1; i < call.operandCount(); i++) {
          expression(call.operand(i), scope);
        }
      }
      case SELECT, WITH, ORDER_BY, UNION, INTERSECT, EXCEPT, VALUES, EXPLICIT_TABLE ->
          query(node, scope);
      default -> expression(node, scope);
    }
  }

  /**
   * A table name inside a FROM construct such as hints or EXTEND; {@code fromItem} is what to
   * alias.
   */
  private void wrapped(SqlNode operand, SqlNode fromItem, Scope scope) {
    if (operand instanceof SqlIdentifier identifier) {
      tableName(identifier, fromItem, scope);
    } else {
      from(operand, scope, fromItem == null);
    }
  }

  /** An expression: only its subqueries hold table references. */
  private void expression(SqlNode node, Scope scope) {
    if (node == null) {
      return;
    }
    if (node instanceof SqlNodeList list) {
      for (SqlNode element : list) {
        expression(element, scope);
      }
      return;
    }
    if (!(node instanceof SqlCall call)) {
      return;
    }
    switch (node.getKind()) {
      case SELECT, WITH, ORDER_BY, UNION, INTERSECT, EXCEPT, EXPLICIT_TABLE -> query(node, scope);
      default -> {
        for (SqlNode operand : call.getOperandList()) {
          expression(operand, scope);
        }
      }
    }
  }

  private void tableName(SqlIdentifier identifier, SqlNode fromItem, Scope scope) {
    final List<String> names = identifier.names;
    if (names.size() == 1) {
      if (!scope.defines(names.get(0))) {
        visitor.reference(new Reference(Kind.TABLE, identifier, List.of(names.get(0)), fromItem));
      }
      return;
    }
    final String schema = names.get(0).toUpperCase(Locale.ROOT);
    if (names.size() == 2) {
      switch (schema) {
        case TableNames.PUBLIC -> {
          visitor.reference(new Reference(Kind.TABLE, identifier, List.of(names.get(1)), fromItem));
          return;
        }
        case TableNames.KAFKA -> {
          visitor.reference(new Reference(Kind.TOPIC, identifier, List.of(names.get(1)), fromItem));
          return;
        }
        case TableNames.SYS, TableNames.INFORMATION_SCHEMA -> {
          visitor.reference(
              new Reference(
                  Kind.SYSTEM_TABLE, identifier, List.of(schema, names.get(1)), fromItem));
          return;
        }
        default -> throw unknownSchema(identifier, names.get(0));
      }
    }
    final SqlParserPos pos = identifier.getParserPosition();
    throw new TablewaveException(
        ErrorCode.MISSING_TABLE,
        "Table "
            + identifier
            + " at line "
            + pos.getLineNum()
            + ", column "
            + pos.getColumnNum()
            + " has too many qualifiers: write name, PUBLIC.name, KAFKA.\"topic\", SYS.name or INFORMATION_SCHEMA.name");
  }

  private static TablewaveException unknownSchema(SqlIdentifier identifier, String schema) {
    final SqlParserPos pos = identifier.getParserPosition();
    return new TablewaveException(
        ErrorCode.MISSING_TABLE,
        "Unknown schema '"
            + schema
            + "' in table "
            + identifier
            + " at line "
            + pos.getLineNum()
            + ", column "
            + pos.getColumnNum()
            + ": the schemas are PUBLIC (default), KAFKA, SYS and INFORMATION_SCHEMA");
  }
}
