package io.tablewave.query;

import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcRules;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptPlanner;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.sql.SqlDialect;

/**
 * The calling convention of relational operators that run in the store. For a store that joins
 * unindexed tables by nested loops (H2), joins are never pushed down: Calcite's hash join runs them
 * instead, while filters, projections and aggregates still run in the store.
 */
final class StoreConvention extends JdbcConvention {
  private final boolean pushJoins;

  StoreConvention(SqlDialect dialect, Expression expression, String name, boolean pushJoins) {
    super(dialect, expression, name);
    this.pushJoins = pushJoins;
  }

  @Override
  public void register(RelOptPlanner planner) {
    for (RelOptRule rule : JdbcRules.rules(this)) {
      if (pushJoins || !(rule instanceof JdbcRules.JdbcJoinRule)) {
        planner.addRule(rule);
      }
    }
    planner.addRule(CoreRules.FILTER_SET_OP_TRANSPOSE);
    planner.addRule(CoreRules.PROJECT_REMOVE);
  }
}
