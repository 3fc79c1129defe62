package io.tablewave.refresh;

import io.tablewave.sql.Dependencies;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Says how a table is refreshed and why, from the shape of its query. A query of Kafka topics made
 * of projections, filters, casts and deterministic scalar functions, and UNION ALL of such, only
 * ever gains rows when records arrive: it is append-eligible. Anything else (joins, aggregates,
 * DISTINCT, windows, ORDER BY and LIMIT, subqueries, other set operations, non-deterministic
 * functions) can change rows it gave before, and is recomputed in full.
 */
public final class RefreshReasons {
  /** How a table is refreshed, as {@code SYS.TABLES.REFRESH_MODE} shows it. */
  public static final String FULL = "FULL";

  /** How an append-eligible table is refreshed: the new records' rows are appended. */
  public static final String INCREMENTAL = "INCREMENTAL";

  private static final Set<String> AGGREGATES =
      Set.of(
          "COUNT",
          "SUM",
          "MIN",
          "MAX",
          "AVG",
          "STDDEV",
          "VARIANCE",
          "STDDEV_POP",
          "STDDEV_SAMP",
          "VAR_POP",
          "VAR_SAMP",
          "LISTAGG",
          "STRING_AGG",
          "ARRAY_AGG",
          "ANY_VALUE",
          "COLLECT",
          "EVERY",
          "SOME",
          "BOOL_AND",
          "BOOL_OR",
          "APPROX_COUNT_DISTINCT");

  private RefreshReasons() {}

  /**
   * Why the table of {@code query} is refreshed the way it is, e.g. "aggregates: recomputed in
   * full".
   */
  public static String reason(SqlNode query, Dependencies dependencies) {
    Optional<String> random = NonDeterminism.find(query);
    if (random.isPresent()) {
      return "non-deterministic function " + random.get() + ": recomputed in full";
    }
    Optional<Downstream> downstream = downstream(query, dependencies);
    if (downstream.isPresent()) {
      return downstream.get() == Downstream.APPEND
          ? "filter or projection of one table: appends the rows its input's incremental refresh"
              + " added (recomputed in full when its input was rebuilt in full)"
          : AggregateMerge.of(query).filter(AggregateMerge::averages).isPresent()
              ? "COUNT, SUM, MIN, MAX, AVG by group of one table: merges the aggregate of the rows"
                  + " its input's incremental refresh added into its groups, each AVG from a sum"
                  + " and a count kept beside the table (recomputed in full when its input was"
                  + " rebuilt in full)"
              : "COUNT, SUM, MIN, MAX by group of one table: merges the aggregate of the rows its"
                  + " input's incremental refresh added into its groups (recomputed in full when"
                  + " its input was rebuilt in full)";
    }
    Optional<String> blocker = blocker(query);
    if (blocker.isPresent()) {
      return blocker.get() + ": recomputed in full";
    }
    if (dependencies.topics().isEmpty()) {
      return dependencies.tables().isEmpty()
          ? "no inputs: recomputed in full"
          : "reads more than one loaded table: recomputed in full";
    }
    if (!dependencies.tables().isEmpty() || !dependencies.systemTables().isEmpty()) {
      return "reads loaded tables as well as Kafka topics: recomputed in full";
    }
    return "append-eligible (projection, filter, UNION ALL of Kafka topics): the new records are"
        + " appended";
  }

  /**
   * Whether the table of {@code query} only gains rows when records arrive in its topics, so a
   * refresh may append the rows of the new records: it reads Kafka topics only, through
   * projections, filters, casts, deterministic scalar functions and UNION ALL.
   */
  public static boolean appendEligible(SqlNode query, Dependencies dependencies) {
    return !dependencies.topics().isEmpty()
        && dependencies.tables().isEmpty()
        && dependencies.systemTables().isEmpty()
        && NonDeterminism.find(query).isEmpty()
        && blocker(query).isEmpty();
  }

  /** How a table of one loaded table follows the rows an incremental refresh added to its input. */
  public enum Downstream {
    /** A filter or projection (and UNION ALL of such): its query over the new rows is appended. */
    APPEND,
    /** COUNT, SUM, MIN, MAX, AVG by group: the aggregate of the new rows merges into the groups. */
    AGGREGATE
  }

  /**
   * How the table of {@code query} follows an incremental refresh of its one input table, when it
   * reads exactly one loaded table (no topic, no system table) with a deterministic query that is
   * append-eligible or a mergeable aggregate ({@link AggregateMerge}).
   */
  public static Optional<Downstream> downstream(SqlNode query, Dependencies dependencies) {
    if (!dependencies.topics().isEmpty()
        || dependencies.tables().size() != 1
        || !dependencies.systemTables().isEmpty()
        || NonDeterminism.find(query).isPresent()) {
      return Optional.empty();
    }
    if (blocker(query).isEmpty()) {
      return Optional.of(Downstream.APPEND);
    }
    return AggregateMerge.of(query).map(merge -> Downstream.AGGREGATE);
  }

  /**
   * {@link #INCREMENTAL} for an append-eligible query or one that follows its input's incremental
   * refresh, else {@link #FULL}.
   */
  public static String mode(SqlNode query, Dependencies dependencies) {
    return appendEligible(query, dependencies) || downstream(query, dependencies).isPresent()
        ? INCREMENTAL
        : FULL;
  }

  /** The first part of {@code query} that keeps it from being append-eligible, if any. */
  static Optional<String> blocker(SqlNode query) {
    if (query instanceof SqlOrderBy) {
      return Optional.of("ORDER BY, LIMIT or OFFSET");
    }
    if (query instanceof SqlWith) {
      return Optional.of("WITH (common table expressions)");
    }
    if (query instanceof SqlBasicCall call
        && call.getKind() == SqlKind.UNION
        && call.getOperator() == SqlStdOperatorTable.UNION_ALL) {
      for (SqlNode operand : call.getOperandList()) {
        Optional<String> blocker = blocker(operand);
        if (blocker.isPresent()) {
          return blocker;
        }
      }
      return Optional.empty();
    }
    if (query instanceof SqlCall call && call.getKind().belongsTo(SqlKind.SET_QUERY)) {
      return Optional.of("set operations other than UNION ALL");
    }
    if (!(query instanceof SqlSelect select)) {
      return Optional.of("a query that is not a SELECT");
    }
    if (select.isDistinct()) {
      return Optional.of("DISTINCT");
    }
    if (select.getGroup() != null && !select.getGroup().isEmpty() || select.getHaving() != null) {
      return Optional.of("aggregates");
    }
    if (select.getFetch() != null
        || select.getOffset() != null
        || select.getOrderList() != null && !select.getOrderList().isEmpty()) {
      return Optional.of("ORDER BY, LIMIT or OFFSET");
    }
    SqlNode from = select.getFrom();
    if (from != null && from.getKind() == SqlKind.JOIN) {
      return Optional.of("joins");
    }
    if (from != null
        && from.getKind() != SqlKind.IDENTIFIER
        && !(from.getKind() == SqlKind.AS
            && ((SqlCall) from).operand(0).getKind() == SqlKind.IDENTIFIER)) {
      return Optional.of("subqueries");
    }
    for (SqlNode part : new SqlNode[] {select.getSelectList(), select.getWhere()}) {
      Optional<String> found = expressionBlocker(part);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  /**
   * The first window function, aggregate or subquery in {@code expression} (null for none), which
   * keep a row's value from depending on its own input row only.
   */
  static Optional<String> expressionBlocker(SqlNode expression) {
    if (expression == null) {
      return Optional.empty();
    }
    String[] found = new String[1];
    SqlBasicVisitor<Void> expressions =
        new SqlBasicVisitor<>() {
          @Override
          public Void visit(SqlCall call) {
            if (found[0] != null) {
              return null;
            }
            if (call.getKind() == SqlKind.OVER) {
              found[0] = "window functions";
            } else if (call.getOperator().isAggregator()
                || AGGREGATES.contains(call.getOperator().getName().toUpperCase(Locale.ROOT))) {
              found[0] = "aggregates";
            } else if (call.getKind().belongsTo(SqlKind.QUERY)) {
              found[0] = "subqueries";
            } else {
              return super.visit(call);
            }
            return null;
          }
        };
    expression.accept(expressions);
    return Optional.ofNullable(found[0]);
  }
}
