package io.tablewave.query;

import java.util.List;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalIntersect;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalMinus;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlFunction;

/**
 * Whether a logical plan is one the store runs whole as one statement: every table it reads is one
 * of {@code PUBLIC}, it reads at least one, and each of its operators is one Calcite's JDBC rules
 * would hand to the store ({@link StoreConvention}): filters, projections, joins (of a store that
 * runs them well, else at most one table), sorts, set operations, values, and aggregates the
 * dialect supports, with no user-defined function, no window function the dialect lacks, and no
 * subquery or correlation left for Calcite to compute. A plan that fails any of this runs through
 * Calcite's own preparation.
 */
final class WholeInStore {
  private final SqlDialect dialect;
  private final boolean pushJoins;
  private int tables;

  private WholeInStore(SqlDialect dialect, boolean pushJoins) {
    this.dialect = dialect;
    this.pushJoins = pushJoins;
  }

  static boolean runs(RelNode plan, SqlDialect dialect, boolean pushJoins) {
    WholeInStore check = new WholeInStore(dialect, pushJoins);
    return check.accepts(plan) && check.tables > 0 && (pushJoins || check.tables == 1);
  }

  private boolean accepts(RelNode rel) {
    return acceptsOperator(rel) && rel.getInputs().stream().allMatch(this::accepts);
  }

  private boolean acceptsOperator(RelNode rel) {
    if (rel instanceof TableScan scan) {
      return readsPublic(scan);
    } else if (rel instanceof LogicalProject project) {
      return project.getVariablesSet().isEmpty() && computable(project.getProjects());
    } else if (rel instanceof LogicalFilter filter) {
      return filter.getVariablesSet().isEmpty() && computable(List.of(filter.getCondition()));
    } else if (rel instanceof LogicalJoin join) {
      return join.getVariablesSet().isEmpty()
          && join.getJoinType() != JoinRelType.SEMI
          && join.getJoinType() != JoinRelType.ANTI
          && computable(List.of(join.getCondition()));
    } else if (rel instanceof LogicalAggregate aggregate) {
      return aggregate.getGroupSets().size() == 1
          && aggregate.getAggCallList().stream().allMatch(this::supported);
    }
    return rel instanceof LogicalSort
        || rel instanceof LogicalUnion
        || rel instanceof LogicalIntersect
        || rel instanceof LogicalMinus
        || rel instanceof LogicalValues;
  }

  private boolean readsPublic(TableScan scan) {
    tables++;
    List<String> name = scan.getTable().getQualifiedName();
    return name.size() == 2 && name.get(0).equals(QueryEngine.PUBLIC);
  }

  private boolean supported(AggregateCall call) {
    return dialect.supportsAggregateFunction(call.getAggregation().getKind())
        && call.distinctKeys == null
        && (!call.hasFilter() || dialect.supportsAggregateFunctionFilter())
        && !call.getAggregation().getFunctionType().isUserDefined();
  }

  private boolean computable(List<RexNode> expressions) {
    boolean[] computable = {true};
    RexVisitorImpl<Void> visitor =
        new RexVisitorImpl<>(true) {
          @Override
          public Void visitCall(RexCall call) {
            if (call.getOperator() instanceof SqlFunction function
                && function.getFunctionType().isUserDefined()) {
              computable[0] = false;
            }
            return super.visitCall(call);
          }

          @Override
          public Void visitOver(RexOver over) {
            if (!dialect.supportsWindowFunctions()) {
              computable[0] = false;
            }
            return super.visitOver(over);
          }

          @Override
          public Void visitSubQuery(RexSubQuery subQuery) {
            computable[0] = false;
            return null;
          }
        };
    for (RexNode expression : expressions) {
      expression.accept(visitor);
    }
    return computable[0];
  }
}
