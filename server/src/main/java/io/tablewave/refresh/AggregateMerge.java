package io.tablewave.refresh;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
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
 * <p>An AVG column cannot merge from the average it shows: a table with one keeps a merge state
 * beside its physical table, a table of its rows with each AVG as the SUM and COUNT of its values
 * ({@link #stateQuery}). A refresh merges the state of the new rows into it ({@link
 * #stateMergeQuery}) and computes the table from the merged state ({@link #fromStateQuery}), each
 * AVG as the store's own AVG would give it from that sum and count.
 *
 * @param merges how each output column of the table merges, in the table's column order
 */
public record AggregateMerge(List<Merge> merges) {
  /** How one output column merges. */
  public enum Merge {
    KEY,
    SUM,
    MIN,
    MAX,
    /**
     * An AVG: merged from the sum and the non-NULL count of its values, which the table's merge
     * state keeps (see {@link #stateQuery}), never from the average the table shows.
     */
    AVG
  }

  private static final SqlParserPos POS = SqlParserPos.ZERO;

  /** The precision of the exact sums a merge state keeps: DuckDB's widest DECIMAL. */
  private static final int STATE_PRECISION = 38;

  public AggregateMerge {
    merges = List.copyOf(requireNonNull(merges, "merges is null"));
  }

  /**
   * The merge of {@code query}, or why it has none: it must be a SELECT of one table (a filter
   * allowed) whose output columns are its GROUP BY expressions, constants and COUNT, SUM, MIN, MAX
   * or AVG (without DISTINCT or FILTER) of row expressions, and every GROUP BY expression an output
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
      case "AVG" -> call.operandCount() == 1 ? Optional.of(Merge.AVG) : Optional.empty();
      default -> Optional.empty();
    };
  }

  /**
   * The query that gives the merged table: the rows of {@code oldTable} (the table as it is, with
   * {@code columns}) and those of {@code delta} (the table's query over the new input rows),
   * grouped again by the key columns, each other column merged.
   */
  public SqlNode mergeQuery(List<String> columns, String oldTable, SqlNode delta) {
    if (averages()) {
      throw new IllegalStateException("AVG merges through the table's merge state");
    }
    return merged(columns, new SqlIdentifier(oldTable, POS), delta);
  }

  private SqlNode merged(List<String> columns, SqlNode oldTable, SqlNode delta) {
    if (columns.size() != merges.size()) {
      throw new IllegalArgumentException(
          "the table has " + columns.size() + " columns where its query gives " + merges.size());
    }
    SqlNodeList oldColumns = new SqlNodeList(POS);
    columns.forEach(c -> oldColumns.add(new SqlIdentifier(c, POS)));
    SqlSelect old =
        new SqlSelect(
            POS, null, oldColumns, oldTable, null, null, null, null, null, null, null, null);
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
            case AVG -> throw new IllegalStateException("AVG merges as its SUM and COUNT");
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

  /** Whether the table has an AVG column, so that it merges through its merge state. */
  public boolean averages() {
    return merges.contains(Merge.AVG);
  }

  /**
   * The columns of the table's merge state, for a table whose columns are {@code columns}: a column
   * {@code C<i>} for each column {@code i} that is not an AVG, typed as it; for an AVG column, its
   * sum {@code S<i>} (a BIGINT for an INTEGER, an exact DECIMAL(38, 0) for a BIGINT, a DECIMAL of
   * 38 digits and the column's scale for a DECIMAL, a DOUBLE for a DOUBLE) and its non-NULL count
   * {@code N<i>}. Empty when an AVG column is of another type: the table is recomputed in full.
   */
  public Optional<List<Column>> stateColumns(List<Column> columns) {
    if (columns.size() != merges.size()) {
      return Optional.empty();
    }
    List<Column> state = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      if (merges.get(i) != Merge.AVG) {
        state.add(new Column(keptName(i), column.type(), column.precision(), column.scale(), true));
        continue;
      }
      Column sum =
          switch (column.type()) {
            case INTEGER -> new Column(sumName(i), ColumnType.BIGINT, 0, 0, true);
            case BIGINT -> new Column(sumName(i), ColumnType.DECIMAL, STATE_PRECISION, 0, true);
            case DECIMAL ->
                new Column(sumName(i), ColumnType.DECIMAL, STATE_PRECISION, column.scale(), true);
            case DOUBLE -> new Column(sumName(i), ColumnType.DOUBLE, 0, 0, true);
            default -> null;
          };
      if (sum == null) {
        return Optional.empty();
      }
      state.add(sum);
      state.add(new Column(countName(i), ColumnType.BIGINT, 0, 0, true));
    }
    return Optional.of(List.copyOf(state));
  }

  /**
   * The table's query giving its merge state instead of its rows, over the same input: each column
   * named as {@link #stateColumns} names it, each {@code AVG(x)} as {@code SUM(x)} and {@code
   * COUNT(x)}.
   */
  public SqlNode stateQuery(SqlNode query) {
    SqlSelect select = (SqlSelect) query;
    SqlNodeList items = new SqlNodeList(POS);
    List<SqlNode> selected = select.getSelectList().getList();
    for (int i = 0; i < selected.size(); i++) {
      SqlNode item = selected.get(i);
      SqlNode expression =
          item.getKind() == SqlKind.AS ? ((SqlCall) item).operand(0) : requireNonNull(item);
      if (merges.get(i) == Merge.AVG) {
        SqlNode argument = ((SqlCall) expression).operand(0);
        items.add(as(SqlStdOperatorTable.SUM.createCall(POS, argument), sumName(i)));
        items.add(as(SqlStdOperatorTable.COUNT.createCall(POS, argument), countName(i)));
      } else {
        items.add(as(expression, keptName(i)));
      }
    }
    return new SqlSelect(
        POS,
        null,
        items,
        select.getFrom(),
        select.getWhere(),
        select.getGroup(),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * The query giving the merged state from {@code oldState} (the state as it is) and {@code
   * deltaState} (the state of the new rows), both tables with the columns of {@link #stateColumns}:
   * the keys grouped again, each AVG's sum and count added up, every other column merged as it is.
   */
  public SqlNode stateMergeQuery(SqlNode oldState, SqlNode deltaState) {
    List<String> names = new ArrayList<>();
    List<Merge> stateMerges = new ArrayList<>();
    for (int i = 0; i < merges.size(); i++) {
      if (merges.get(i) == Merge.AVG) {
        names.add(sumName(i));
        names.add(countName(i));
        stateMerges.add(Merge.SUM);
        stateMerges.add(Merge.SUM);
      } else {
        names.add(keptName(i));
        stateMerges.add(merges.get(i));
      }
    }
    SqlNodeList deltaColumns = new SqlNodeList(POS);
    names.forEach(name -> deltaColumns.add(new SqlIdentifier(name, POS)));
    SqlSelect delta =
        new SqlSelect(
            POS, null, deltaColumns, deltaState, null, null, null, null, null, null, null, null);
    return new AggregateMerge(stateMerges).merged(names, oldState, delta);
  }

  /**
   * The query giving the table's rows from its merge state {@code state}: each column that is no
   * AVG as the state keeps it, each AVG as {@code average} writes it from its sum and count (the
   * caller casts every column to the table's type, as a full rebuild casts).
   *
   * @param average the AVG of the table's {@code i}-th column from its sum and count
   */
  public SqlNode fromStateQuery(List<String> columns, SqlNode state, AverageWriter average) {
    if (columns.size() != merges.size()) {
      throw new IllegalArgumentException(
          "the table has " + columns.size() + " columns where its query gives " + merges.size());
    }
    SqlNodeList items = new SqlNodeList(POS);
    for (int i = 0; i < columns.size(); i++) {
      SqlNode value =
          merges.get(i) == Merge.AVG
              ? average.average(
                  i, new SqlIdentifier(sumName(i), POS), new SqlIdentifier(countName(i), POS))
              : new SqlIdentifier(keptName(i), POS);
      items.add(as(value, columns.get(i)));
    }
    return new SqlSelect(POS, null, items, state, null, null, null, null, null, null, null, null);
  }

  /** Writes the AVG of a table's column from its sum and count. */
  @FunctionalInterface
  public interface AverageWriter {
    SqlNode average(int column, SqlNode sum, SqlNode count);
  }

  private static SqlNode as(SqlNode value, String name) {
    return SqlStdOperatorTable.AS.createCall(POS, value, new SqlIdentifier(name, POS));
  }

  private static String keptName(int column) {
    return "C" + column;
  }

  private static String sumName(int column) {
    return "S" + column;
  }

  private static String countName(int column) {
    return "N" + column;
  }
}
