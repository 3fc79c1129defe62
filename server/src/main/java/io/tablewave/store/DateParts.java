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

  /** How a store numbers the days of the week in its own {@code EXTRACT(DOW ...)}. */
  enum DayNumbering {
    /** Sunday 0 to Saturday 6: Calcite's day is one more. */
    SUNDAY_ZERO,
    /** Monday 1 to Sunday 7 (ISO): Sunday becomes 1, every other day one more. */
    ISO
  }

  /**
   * Writes {@code call}, when it is {@code EXTRACT(DOW FROM ...)}, as Calcite's day of the week
   * computed from the store's own, which {@code storeDayOfWeek} writes and which the store numbers
   * as {@code numbering} says; writes nothing for any other call.
   *
   * @return whether {@code call} was written
   */
  static boolean wroteDayOfWeek(
      SqlWriter writer, SqlCall call, DayNumbering numbering, Runnable storeDayOfWeek) {
    if (extracted(call).filter(unit -> unit == TimeUnitRange.DOW).isEmpty()) {
      return false;
    }
    SqlWriter.Frame frame = writer.startList("(", ")");
    if (numbering == DayNumbering.ISO) {
      SqlWriter.Frame modulo = writer.startFunCall("MOD");
      storeDayOfWeek.run();
      writer.sep(",");
      writer.literal("7");
      writer.endFunCall(modulo);
    } else {
      storeDayOfWeek.run();
    }
    writer.sep("+");
    writer.literal("1");
    writer.endList(frame);
    return true;
  }
}
