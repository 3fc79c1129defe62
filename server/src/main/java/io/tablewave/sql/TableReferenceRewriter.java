package io.tablewave.sql;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

import static java.util.Objects.requireNonNull;

/**
 * Copies a query, replacing each reference to a PUBLIC table by its physical name. A table
 * without an alias gets its own name as alias ({@code FROM orders} becomes
 * {@code FROM "main"."ORDERS__b7" AS ORDERS}), so columns qualified by the table name resolve.
 * Kafka, system and CTE references are kept as they are.
 */
public final class TableReferenceRewriter {
  /**
   * A deep copy of {@code query} (the original is not changed).
   *
   * @param physicalName the compound name to use for a table, e.g. {@code ["main", "ORDERS__b7"]}
   */
  public SqlNode rewrite(SqlNode query, Function<TableName, List<String>> physicalName) {
    requireNonNull(query, "query is null");
    requireNonNull(physicalName, "physicalName is null");
    final Map<SqlIdentifier, TableName> tables = new IdentityHashMap<>();
    final Map<SqlNode, String> aliases = new IdentityHashMap<>();
    TableReferenceWalker.walk(query, reference -> {
      if (reference.kind() == TableReferenceWalker.Kind.TABLE) {
        tables.put(reference.identifier(), new TableName(reference.name().get(0)));
        if (reference.fromItem() != null) {
          aliases.put(reference.fromItem(), reference.name().get(0));
        }
      }
    });
    return query.accept(new Copier(tables, aliases, physicalName));
  }

  /** Copies every node, so that the result shares nothing mutable with the original. */
  private static final class Copier extends SqlShuttle {
    private final Map<SqlIdentifier, TableName> tables;
    private final Map<SqlNode, String> aliases;
    private final Function<TableName, List<String>> physicalName;

    Copier(Map<SqlIdentifier, TableName> tables, Map<SqlNode, String> aliases,
        Function<TableName, List<String>> physicalName) {
      this.tables = tables;
      this.aliases = aliases;
      this.physicalName = physicalName;
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
      final TableName table = tables.get(id);
      final SqlNode copy;
      if (table == null) {
        copy = id.clone(id.getParserPosition());
      } else {
        final List<String> names = requireNonNull(physicalName.apply(table),
            () -> "no physical name for table " + table);
        copy = new SqlIdentifier(names, id.getParserPosition());
      }
      return aliased(id, copy);
    }

    @Override
    public SqlNode visit(SqlCall call) {
      final CallCopyingArgHandler handler = new CallCopyingArgHandler(call, true);
      call.getOperator().acceptCall(this, call, false, handler);
      return aliased(call, handler.result());
    }

    @Override
    public SqlNode visit(SqlNodeList list) {
      final SqlNodeList copy = new SqlNodeList(list.getParserPosition());
      for (SqlNode node : list) {
        copy.add(node == null ? null : node.accept(this));
      }
      return copy;
    }

    @Override
    public SqlNode visit(SqlLiteral literal) {
      return literal.clone(literal.getParserPosition());
    }

    @Override
    public SqlNode visit(SqlDataTypeSpec type) {
      return type.clone(type.getParserPosition());
    }

    @Override
    public SqlNode visit(SqlDynamicParam param) {
      return param.clone(param.getParserPosition());
    }

    @Override
    public SqlNode visit(SqlIntervalQualifier qualifier) {
      return qualifier.clone(qualifier.getParserPosition());
    }

    private SqlNode aliased(SqlNode original, SqlNode copy) {
      final String alias = aliases.get(original);
      if (alias == null) {
        return copy;
      }
      final SqlParserPos pos = original.getParserPosition();
      return SqlStdOperatorTable.AS.createCall(pos, copy, new SqlIdentifier(alias, pos.withQuoting(true)));
    }
  }
}
