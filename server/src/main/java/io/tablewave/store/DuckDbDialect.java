package io.tablewave.store;

import java.util.Locale;
import org.apache.calcite.rel.type.RelDataTypeSystem;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.DuckDBSqlDialect;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's DuckDB dialect, with four differences:
 *
 * <ul>
 *   <li>no character sets: DuckDB rejects {@code CAST(x AS VARCHAR(10) CHARACTER SET
 *       "ISO-8859-1")}, which Calcite writes for every cast to a string type unless the dialect
 *       says otherwise;
 *   <li>a cast to a string of a given length cuts a longer string to that length, as SQL, Calcite,
 *       H2, PostgreSQL and Trino have it: DuckDB ignores the length of {@code VARCHAR(n)} and
 *       {@code CHAR(n)}, so {@code CAST('resume' AS VARCHAR(3))} would stay {@code 'resume'}. Such
 *       a cast is written as the text cut to its length ({@code LEFT}); whether a shorter {@code
 *       CHAR(n)} is padded with spaces is the store's own (H2 pads, PostgreSQL and DuckDB do not);
 *   <li>the day of the week is numbered as Calcite numbers it ({@link DateParts});
 *   <li>{@code TRUNCATE} is written as DuckDB's {@code TRUNC}.
 * </ul>
 */
final class DuckDbDialect extends DuckDBSqlDialect {
  static final DuckDbDialect INSTANCE = new DuckDbDialect();

  private static final SqlParserPos POS = SqlParserPos.ZERO;

  private DuckDbDialect() {
    super(DuckDBSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public boolean supportsCharSet() {
    return false;
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
    if (call.getOperator() == SqlStdOperatorTable.TRUNCATE) {
      SqlWriter.Frame frame = writer.startFunCall("TRUNC");
      for (SqlNode operand : call.getOperandList()) {
        writer.sep(",");
        operand.unparse(writer, 0, 0);
      }
      writer.endFunCall(frame);
      return;
    }
    if (call.getKind() == SqlKind.CAST
        && call.operandCount() == 2
        && call.operand(1) instanceof SqlDataTypeSpec spec
        && spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec type
        && type.getPrecision() >= 0) {
      SqlTypeName name = SqlTypeName.get(type.getTypeName().getSimple().toUpperCase(Locale.ROOT));
      // the longest length Calcite gives a type is no limit a user asked for
      if ((name == SqlTypeName.VARCHAR || name == SqlTypeName.CHAR)
          && type.getPrecision() < RelDataTypeSystem.DEFAULT.getMaxPrecision(name)) {
        sized(call.operand(0), type.getPrecision()).unparse(writer, leftPrec, rightPrec);
        return;
      }
    }
    super.unparseCall(writer, call, leftPrec, rightPrec);
  }

  /** {@code value} as text of {@code length} characters at most. */
  private static SqlNode sized(SqlNode value, int length) {
    SqlNode text =
        SqlStdOperatorTable.CAST.createCall(
            POS,
            value,
            new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.VARCHAR, POS), POS));
    return SqlLibraryOperators.LEFT.createCall(
        POS, text, SqlLiteral.createExactNumeric(String.valueOf(length), POS));
  }
}
