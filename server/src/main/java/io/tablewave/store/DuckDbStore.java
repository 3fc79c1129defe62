package io.tablewave.store;

import com.zaxxer.hikari.HikariDataSource;
import io.tablewave.data.Column;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/** DuckDB: loads through the appender; retries DDL that lost an optimistic-concurrency race. */
final class DuckDbStore extends AbstractJdbcStore {
  private static final int MAX_DECIMAL_PRECISION = 38;

  private static final int MAX_PARALLEL_WRITERS = 4;

  DuckDbStore(HikariDataSource dataSource, String redactedUrl) {
    super(StoreKind.DUCKDB, dataSource, redactedUrl, "main", "tablewave_registry");
  }

  @Override
  public SqlDialect calciteDialect() {
    // Calcite's auto-detection picks the ANSI dialect for DuckDB, which breaks FLOOR(... TO MONTH).
    return DuckDbDialect.INSTANCE;
  }

  @Override
  public boolean runsJoinsWell() {
    return true;
  }

  /**
   * DuckDB appends of different transactions into one table do not conflict and run side by side:
   * two appenders of 500,000 rows each took two thirds of the time of one of a million on two
   * cores.
   */
  @Override
  public int parallelWriters() {
    return Math.min(MAX_PARALLEL_WRITERS, Runtime.getRuntime().availableProcessors());
  }

  @Override
  protected boolean retriesConflicts() {
    return true;
  }

  @Override
  protected int maxDecimalPrecision() {
    return MAX_DECIMAL_PRECISION;
  }

  @Override
  protected String currentCatalogSql() {
    return "current_database()";
  }

  @Override
  protected String typeName(Column column) {
    return switch (column.type()) {
      case BOOLEAN -> "BOOLEAN";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case DOUBLE -> "DOUBLE";
      case DECIMAL -> "DECIMAL(" + column.precision() + ", " + column.scale() + ")";
      case VARCHAR -> "VARCHAR";
      case DATE -> "DATE";
      case TIME -> "TIME";
      case TIMESTAMP -> "TIMESTAMP";
      case VARBINARY -> "BLOB";
    };
  }

  @Override
  protected TableWriter newWriter(
      String physicalTable,
      List<Column> declaredColumns,
      Connection connection,
      WriterOwnership ownership)
      throws SQLException {
    return new DuckDbTableWriter(this, physicalTable, declaredColumns, connection, ownership);
  }

  /**
   * DuckDB's AVG is a DOUBLE: of an INTEGER, the sum as a DOUBLE over the count; of a DECIMAL, the
   * sum's unscaled integer as a DOUBLE over the count times ten to the scale; of a DOUBLE, the sum
   * over the count. Its AVG of a BIGINT divides in {@code long double}, which SQL cannot write:
   * such a table is recomputed in full.
   */
  @Override
  public Optional<SqlNode> average(SqlNode sum, SqlNode count, Column argument) {
    return switch (argument.type()) {
      case INTEGER -> Optional.of(divideWhenCounted(sum, "DOUBLE", count, "DOUBLE"));
      case DOUBLE -> Optional.of(divideWhenCounted(sum, "DOUBLE", count, "DOUBLE"));
      case DECIMAL -> {
        SqlNode scale =
            SqlLiteral.createExactNumeric(
                BigInteger.TEN.pow(argument.scale()).toString(), SqlParserPos.ZERO);
        yield Optional.of(
            divideWhenCounted(
                SqlStdOperatorTable.MULTIPLY.createCall(SqlParserPos.ZERO, sum, scale),
                "DOUBLE",
                SqlStdOperatorTable.MULTIPLY.createCall(SqlParserPos.ZERO, count, scale),
                "DOUBLE"));
      }
      default -> Optional.empty();
    };
  }
}
