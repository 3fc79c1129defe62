package io.tablewave.query;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit casts, except that an aggregate function expecting numbers does not cast text
 * to a number: {@code SUM(name)} over a VARCHAR column is a type error, as in PostgreSQL and Trino,
 * rather than a cast that fails on the first row that is not a number once the load runs.
 */
final class StrictTypeCoercion extends TypeCoercionImpl {
  StrictTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
    super(typeFactory, validator);
  }

  @Override
  public boolean builtinFunctionCoercion(
      SqlCallBinding binding,
      List<RelDataType> operandTypes,
      List<SqlTypeFamily> expectedFamilies) {
    if (binding.getOperator().isAggregator()) {
      for (int i = 0; i < Math.min(operandTypes.size(), expectedFamilies.size()); i++) {
        if (expectedFamilies.get(i) == SqlTypeFamily.NUMERIC
            && SqlTypeUtil.isCharacter(operandTypes.get(i))) {
          return false;
        }
      }
    }
    return super.builtinFunctionCoercion(binding, operandTypes, expectedFamilies);
  }
}
