package io.tablewave.store;

import java.util.Optional;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;

/**
 * Date parts as Calcite numbers them, written for stores that number them otherwise: a query the
 * store runs must give what the same query gives when Calcite runs it. Calcite's day of the week
 * ({@code EXTRACT(DOW ...)}) runs from Sunday 1 to Saturday 7, as H2's; DuckDB and PostgreSQL run
 * it from Sunday 0, Trino from Monday 1 (ISO).
 */
final class DateParts {
  private DateParts() {}

  /** The unit {@code call} extracts, if it is an {@code EXTRACT}. */
  static Optional<TimeUnitRange> extracted(SqlCall call) {
    return call.getKind() == SqlKind.EXTRACT && call.operandCount() == 2
        ? unit(call.operand(0))
        : Optional.empty();
  }

  /** Whether {@code call} is {@code EXTRACT(DOW FROM ...)}. */
  static boolean extractsDayOfWeek(SqlCall call) {
    return extracted(call).filter(unit -> unit == TimeUnitRange.DOW).isPresent();
  }

  /** The time unit {@code node} names, if it names one. */
  static Optional<TimeUnitRange> unit(SqlNode node) {
    if (node instanceof SqlIntervalQualifier qualifier) {
      return Optional.of(qualifier.timeUnitRange);
    }
    if (node instanceof SqlLiteral literal && literal.getValue() instanceof TimeUnitRange unit) {
      return Optional.of(unit);
    }
    return Optional.empty();
  }

  /**
   * Writes Calcite's day of the week from the store's own, written by {@code storeDayOfWeek}, which
   * numbers Sunday 0 to Saturday 6: one more.
   */
  static void dayOfWeekFromSundayZero(SqlWriter writer, Runnable storeDayOfWeek) {
    SqlWriter.Frame frame = writer.startList("(", ")");
    storeDayOfWeek.run();
    writer.sep("+");
    writer.literal("1");
    writer.endList(frame);
  }

  /**
   * Writes Calcite's day of the week from the store's own, written by {@code storeDayOfWeek}, which
   * numbers Monday 1 to Sunday 7 (ISO): Sunday becomes 1, every other day one more.
   */
  static void dayOfWeekFromIso(SqlWriter writer, Runnable storeDayOfWeek) {
    SqlWriter.Frame frame = writer.startList("(", ")");
    SqlWriter.Frame modulo = writer.startFunCall("MOD");
    storeDayOfWeek.run();
    writer.sep(",");
    writer.literal("7");
    writer.endFunCall(modulo);
    writer.sep("+");
    writer.literal("1");
    writer.endList(frame);
  }
}
