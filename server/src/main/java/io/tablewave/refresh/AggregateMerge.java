package io.tablewave.refresh;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.Litmus;

/**
 * How a {@code GROUP BY} query of one table with COUNT, SUM, MIN and MAX is brought up to date when
 * its input only gained rows: the aggregate of the new rows is merged into the groups the table
 * holds. Each output column is a group key (kept), a COUNT or SUM (the old and new values are
 * summed), a MIN or a MAX (the smaller or larger is kept). NULLs merge as a full rebuild gives
 * them: SUM ignores a NULL part (so a group whose values are all NULL stays NULL until a value
 * arrives), and MIN and MAX do likewise.
 *
 * @param merges how each output column of the table merges, in the table's column order
 */
public record AggregateMerge(List<Merge> merges) {
  /** How one output column merges. */
  public enum Merge {
    KEY,
    SUM,
    MIN,
    MAX
  }

  private static final SqlParserPos POS = SqlParserPos.ZERO;

  public AggregateMerge {
    merges = List.copyOf(requireNonNull(merges, "merges is null"));
  }

  /**
   * The merge of {@code query}, or why it has none: it must be a SELECT of one table (a filter
   * allowed) whose output columns are its GROUP BY expressions, constants and COUNT, SUM, MIN or
   * MAX (without DISTINCT or FILTER) of row expressions, and every GROUP BY expression an output
   * column.
   */
  public static Optional<AggregateMerge> of(SqlNode query) {
    if (!(query instanceof SqlSelect select)
        || select.isDistinct()
        || select.getHaving() != null
        || select.getFetch() != null
        || select.getOffset() != null
        || select.getOrderList() != null && !select.getOrderList().isEmpty()
        || select.getWindowList() != null && !select.getWindowList().isEmpty()
        || !fromOneTable(select.getFrom())
        || RefreshReasons.expressionBlocker(select.getWhere()).isPresent()) {
      return Optional.empty();
    }
    List<SqlNode> groups = select.getGroup() == null ? List.of() : select.getGroup().getList();
    for (SqlNode group : groups) {
      if (group == null
          || group.getKind() == SqlKind.ROLLUP
          || group.getKind() == SqlKind.CUBE
          || group.getKind() == SqlKind.GROUPING_SETS
          || RefreshReasons.expressionBlocker(group).isPresent()) {
        return Optional.empty();
      }
    }
    List<Merge> merges = new ArrayList<>();
    List<SqlNode> keys = new ArrayList<>();
    boolean aggregated = false;
    for (SqlNode item : select.getSelectList()) {
      SqlNode expression =
          item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : requireNonNull(item);
      Optional<Merge> aggregate = aggregate(expression);
      if (aggregate.isPresent()) {
        merges.add(aggregate.get());
        aggregated = true;
      } else if (expression instanceof SqlLiteral
          || groups.stream().anyMatch(g -> g.equalsDeep(expression, Litmus.IGNORE))) {
        merges.add(Merge.KEY);
        keys.add(expression);
      } else {
        return Optional.empty();
      }
    }
    boolean everyGroupShown =
        groups.stream().allMatch(g -> keys.stream().anyMatch(k -> k.equalsDeep(g, Litmus.IGNORE)));
    return aggregated && everyGroupShown
        ? Optional.of(new AggregateMerge(merges))
        : Optional.empty();
  }

  private static boolean fromOneTable(SqlNode from) {
    return from != null
        && (from.getKind() == SqlKind.IDENTIFIER
            || from.getKind() == SqlKind.AS
                && ((SqlCall) from).operand(0).getKind() == SqlKind.IDENTIFIER);
  }

  private static Optional<Merge> aggregate(SqlNode expression) {
    // The parser leaves functions unresolved: COUNT, SUM, MIN and MAX are known by their names.
    if (!(expression instanceof SqlBasicCall call) || call.getFunctionQuantifier() != null) {
      return Optional.empty();
    }
    for (SqlNode operand : call.getOperandList()) {
      if (operand != null && RefreshReasons.expressionBlocker(operand).isPresent()) {
        return Optional.empty();
      }
    }
    return switch (call.getOperator().getName().toUpperCase(Locale.ROOT)) {
      case "COUNT", "SUM" -> Optional.of(Merge.SUM);
      case "MIN" -> Optional.of(Merge.MIN);
      case "MAX" -> Optional.of(Merge.MAX);
      default -> Optional.empty();
    };
  }

  /**
   * The query that gives the merged table: the rows of {@code oldTable} (the table as it is, with
   * {@code columns}) and those of {@code delta} (the table's query over the new input rows),
   * grouped again by the key columns, each other column merged.
   */
  public SqlNode mergeQuery(List<String> columns, String oldTable, SqlNode delta) {
    if (columns.size() != merges.size()) {
      throw new IllegalArgumentException(
          "the table has " + columns.size() + " columns where its query gives " + merges.size());
    }
    SqlNodeList oldColumns = new SqlNodeList(POS);
    columns.forEach(c -> oldColumns.add(new SqlIdentifier(c, POS)));
    SqlSelect old =
        new SqlSelect(
            POS,
            null,
            oldColumns,
            new SqlIdentifier(oldTable, POS),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    SqlNode both =
        SqlStdOperatorTable.AS.createCall(
            POS,
            SqlStdOperatorTable.UNION_ALL.createCall(POS, old, delta),
            new SqlIdentifier("TW$MERGED", POS));
    SqlNodeList selected = new SqlNodeList(POS);
    SqlNodeList keys = new SqlNodeList(POS);
    for (int i = 0; i < columns.size(); i++) {
      SqlIdentifier column = new SqlIdentifier(columns.get(i), POS);
      SqlNode merged =
          switch (merges.get(i)) {
            case KEY -> {
              keys.add(column);
              yield column;
            }
            case SUM -> SqlStdOperatorTable.SUM.createCall(POS, column);
            case MIN -> SqlStdOperatorTable.MIN.createCall(POS, column);
            case MAX -> SqlStdOperatorTable.MAX.createCall(POS, column);
          };
      selected.add(
          SqlStdOperatorTable.AS.createCall(POS, merged, new SqlIdentifier(columns.get(i), POS)));
    }
    return new SqlSelect(
        POS,
        null,
        selected,
        both,
        null,
        keys.isEmpty() ? null : keys,
        null,
        null,
        null,
        null,
        null,
        null);
  }
}
