package io.tablewave.store;

import java.util.Optional;
import java.util.Set;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.H2SqlDialect;
import org.apache.calcite.sql.fun.SqlFloorFunction;

/**
 * Calcite's H2 dialect, with two differences: the week of the year is the ISO week, as Calcite's
 * (H2's {@code WEEK} follows the locale: Sunday 2023-12-31 was its week 1); and a timestamp or date
 * floored to a year, quarter, month, day, hour, minute or second is written as H2's {@code
 * DATE_TRUNC}, where Calcite writes {@code FLOOR(x TO unit)}, which H2 rejects. A floor to a week
 * stays as Calcite writes it: {@code DATE_TRUNC} would start weeks on another day than Calcite.
 */
final class H2Dialect extends H2SqlDialect {
  static final H2Dialect INSTANCE = new H2Dialect();

  private static final Set<TimeUnitRange> TRUNCATED =
      Set.of(
          TimeUnitRange.YEAR,
          TimeUnitRange.QUARTER,
          TimeUnitRange.MONTH,
          TimeUnitRange.DAY,
          TimeUnitRange.HOUR,
          TimeUnitRange.MINUTE,
          TimeUnitRange.SECOND);

  private H2Dialect() {
    super(H2SqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    if (DateParts.extracted(call).filter(unit -> unit == TimeUnitRange.WEEK).isPresent()) {
      SqlWriter.Frame frame = writer.startFunCall("EXTRACT");
      writer.keyword("ISO_WEEK");
      writer.sep("FROM");
      call.operand(1).unparse(writer, 0, 0);
      writer.endFunCall(frame);
      return;
    }
    Optional<TimeUnitRange> floored =
        call.getKind() == SqlKind.FLOOR && call.operandCount() == 2
            ? DateParts.unit(call.operand(1))
            : Optional.empty();
    if (floored.filter(TRUNCATED::contains).isPresent()) {
      SqlFloorFunction.unparseDatetimeFunction(
          writer,
          SqlFloorFunction.replaceTimeUnitOperand(
              call, floored.get().name(), call.operand(1).getParserPosition()),
          "DATE_TRUNC",
          false);
      return;
    }
    super.unparseCall(writer, call, leftPrec, rightPrec);
  }
}
