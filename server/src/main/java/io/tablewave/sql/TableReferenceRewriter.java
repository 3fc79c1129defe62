package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

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

/**
 * Copies a query, replacing each reference to a PUBLIC table by its physical name. A table without
 * an alias gets its own name as alias ({@code FROM orders} becomes {@code FROM "main"."ORDERS__b7"
 * AS ORDERS}), so columns qualified by the table name resolve. Kafka topics are replaced too when a
 * name is given for them (their alias is the topic name); system and CTE references are kept as
 * they are.
 */
public final class TableReferenceRewriter {
  /**
   * A deep copy of {@code query} (the original is not changed).
   *
   * @param physicalName the compound name to use for a table, e.g. {@code ["main", "ORDERS__b7"]}
   */
  public SqlNode rewrite(SqlNode query, Function<TableName, List<String>> physicalName) {
    return rewrite(query, physicalName, null);
  }

  /**
   * A deep copy of {@code query} that changes nothing: every node keeps its position in the
   * submitted text, so that a validator working on the copy reports positions the user can find.
   */
  public SqlNode copy(SqlNode query) {
    requireNonNull(query, "query is null");
    return query.accept(new Copier(Map.of(), Map.of()));
  }

  /**
   * A deep copy of {@code query} with tables and Kafka topics replaced.
   *
   * @param topicName the compound name to use for a topic, or null to keep topic references
   */
  public SqlNode rewrite(
      SqlNode query,
      Function<TableName, List<String>> physicalName,
      Function<String, List<String>> topicName) {
    requireNonNull(query, "query is null");
    requireNonNull(physicalName, "physicalName is null");
    final Map<SqlIdentifier, List<String>> replacements = new IdentityHashMap<>();
    final Map<SqlNode, String> aliases = new IdentityHashMap<>();
    TableReferenceWalker.walk(
        query,
        reference -> {
          String name = reference.name().get(0);
          List<String> replacement = null;
          if (reference.kind() == TableReferenceWalker.Kind.TABLE) {
            TableName table = new TableName(name);
            replacement =
                requireNonNull(
                    physicalName.apply(table), () -> "no physical name for table " + table);
          } else if (reference.kind() == TableReferenceWalker.Kind.TOPIC && topicName != null) {
            replacement =
                requireNonNull(topicName.apply(name), () -> "no physical name for topic " + name);
          }
          if (replacement != null) {
            replacements.put(reference.identifier(), replacement);
            if (reference.fromItem() != null) {
              aliases.put(reference.fromItem(), name);
            }
          }
        });
    return query.accept(new Copier(replacements, aliases));
  }

  /** Copies every node, so that the result shares nothing mutable with the original. */
  private static final class Copier extends SqlShuttle {
    private final Map<SqlIdentifier, List<String>> replacements;
    private final Map<SqlNode, String> aliases;

    Copier(Map<SqlIdentifier, List<String>> replacements, Map<SqlNode, String> aliases) {
      this.replacements = replacements;
      this.aliases = aliases;
    }

    @Override
    public SqlNode visit(SqlIdentifier id) {
      final List<String> names = replacements.get(id);
      final SqlNode copy =
          names == null
              ? id.clone(id.getParserPosition())
              : new SqlIdentifier(names, id.getParserPosition());
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
      return SqlStdOperatorTable.AS.createCall(
          pos, copy, new SqlIdentifier(alias, pos.withQuoting(true)));
    }
  }
}
