package io.tablewave.store;

import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's PostgreSQL dialect, with two differences: the day of the week is numbered as Calcite
 * numbers it ({@link DateParts}); and {@code ROUND(x, n)} and {@code TRUNCATE(x, n)} round or cut
 * {@code x} as a NUMERIC, as {@code ROUND} and {@code TRUNC}: PostgreSQL has these to a number of
 * digits for a NUMERIC only (no {@code round(double precision, integer)}), and no {@code TRUNCATE}.
 */
final class PostgresDialect extends PostgresqlSqlDialect {
  static final PostgresDialect INSTANCE = new PostgresDialect();

  private PostgresDialect() {
    super(PostgresqlSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    if (DateParts.wroteDayOfWeek(
        writer,
        call,
        DateParts.DayNumbering.SUNDAY_ZERO,
        () -> super.unparseCall(writer, call, leftPrec, rightPrec))) {
      return;
    }
    if ((call.getOperator() == SqlStdOperatorTable.ROUND
            || call.getOperator() == SqlStdOperatorTable.TRUNCATE)
        && call.operandCount() == 2) {
      SqlWriter.Frame frame =
          writer.startFunCall(call.getOperator() == SqlStdOperatorTable.ROUND ? "ROUND" : "TRUNC");
      SqlStdOperatorTable.CAST
          .createCall(
              SqlParserPos.ZERO,
              call.operand(0),
              new SqlDataTypeSpec(
                  new SqlBasicTypeNameSpec(SqlTypeName.DECIMAL, SqlParserPos.ZERO),
                  SqlParserPos.ZERO))
          .unparse(writer, 0, 0);
      writer.sep(",");
      call.operand(1).unparse(writer, 0, 0);
      writer.endFunCall(frame);
      return;
    }
    super.unparseCall(writer, call, leftPrec, rightPrec);
  }
}
