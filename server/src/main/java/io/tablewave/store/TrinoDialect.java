package io.tablewave.store;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.PrestoSqlDialect;

/** Calcite's Presto dialect for Trino, with the day of the week numbered as Calcite numbers it. */
final class TrinoDialect extends PrestoSqlDialect {
  static final TrinoDialect INSTANCE = new TrinoDialect();

  private TrinoDialect() {
    super(PrestoSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    if (DateParts.wroteDayOfWeek(
        writer,
        call,
        DateParts.DayNumbering.ISO,
        () -> super.unparseCall(writer, call, leftPrec, rightPrec))) {
      return;
    }
    super.unparseCall(writer, call, leftPrec, rightPrec);
  }
}
