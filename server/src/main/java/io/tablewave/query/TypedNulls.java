package io.tablewave.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A {@code VALUES} list keeps the type of its NULLs when written for a store. Calcite writes a NULL
 * of a list as a bare {@code NULL}, whose type the store guesses: PostgreSQL takes a column of a
 * list that has only NULLs for text, so that {@code SELECT f FROM t UNION ALL SELECT 9, CAST(NULL
 * AS DOUBLE)} failed there ("UNION types double precision and text cannot be matched"). Each column
 * of a list that holds a NULL is read through a cast to its type.
 */
final class TypedNulls extends RelShuttleImpl {
  private TypedNulls() {}

  /**
   * {@code plan} with the columns of its {@code VALUES} lists that hold a NULL cast to their type.
   */
  static RelNode typed(RelNode plan) {
    return plan.accept(new TypedNulls());
  }

  @Override
  public RelNode visit(LogicalValues values) {
    List<RelDataTypeField> fields = values.getRowType().getFieldList();
    RexBuilder rex = values.getCluster().getRexBuilder();
    List<RexNode> columns = new ArrayList<>();
    boolean cast = false;
    for (RelDataTypeField field : fields) {
      RexNode column = rex.makeInputRef(values, field.getIndex());
      if (field.getType().getSqlTypeName() != SqlTypeName.NULL
          && values.getTuples().stream().anyMatch(tuple -> tuple.get(field.getIndex()).isNull())) {
        column = rex.makeAbstractCast(field.getType(), column, false);
        cast = true;
      }
      columns.add(column);
    }
    return cast
        ? LogicalProject.create(
            values, List.of(), columns, values.getRowType().getFieldNames(), Set.of())
        : values;
  }
}
