package io.tablewave.store;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;

/** Calcite's PostgreSQL dialect, with the day of the week numbered as Calcite numbers it. */
final class PostgresDialect extends PostgresqlSqlDialect {
  static final PostgresDialect INSTANCE = new PostgresDialect();

  private PostgresDialect() {
    super(PostgresqlSqlDialect.DEFAULT_CONTEXT);
  }

  @Override
  public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    if (DateParts.extractsDayOfWeek(call)) {
      DateParts.dayOfWeekFromSundayZero(
          writer, () -> super.unparseCall(writer, call, leftPrec, rightPrec));
      return;
    }
    super.unparseCall(writer, call, leftPrec, rightPrec);
  }
}
