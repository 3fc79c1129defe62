package io.tablewave.store;

import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A query in one store's own SQL, written as it is: for tests that give a store queries Calcite
 * would not parse (table functions such as DuckDB's {@code range} or PostgreSQL's {@code
 * pg_sleep}).
 */
final class RawQuery extends SqlSpecialOperator {
  private final String sql;

  private RawQuery(String sql) {
    super("RAW_QUERY", SqlKind.OTHER);
    this.sql = sql;
  }

  static SqlNode of(String sql) {
    return new SqlBasicCall(new RawQuery(sql), List.of(), SqlParserPos.ZERO);
  }

  @Override
  public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
    writer.print(sql);
  }
}
