package io.tablewave.store;

import com.zaxxer.hikari.HikariDataSource;
import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;

/** H2: loads through JDBC batches; joins of unindexed tables are left to Calcite. */
final class H2Store extends AbstractJdbcStore {
  private static final int MAX_DECIMAL_PRECISION = 100_000;

  H2Store(HikariDataSource dataSource, String redactedUrl) {
    super(StoreKind.H2, dataSource, redactedUrl, "PUBLIC", "TABLEWAVE_REGISTRY");
  }

  @Override
  public SqlDialect calciteDialect() {
    return H2Dialect.INSTANCE;
  }

  /** H2 joins unindexed tables by nested loops: 30,000 x 30,000 rows took minutes. */
  @Override
  public boolean runsJoinsWell() {
    return false;
  }

  @Override
  protected int maxDecimalPrecision() {
    return MAX_DECIMAL_PRECISION;
  }

  @Override
  protected String currentCatalogSql() {
    return "CURRENT_CATALOG";
  }

  @Override
  protected String typeName(Column column) {
    return switch (column.type()) {
      case BOOLEAN -> "BOOLEAN";
      case INTEGER -> "INTEGER";
      case BIGINT -> "BIGINT";
      case DOUBLE -> "DOUBLE PRECISION";
      case DECIMAL -> "DECIMAL(" + column.precision() + ", " + column.scale() + ")";
      case VARCHAR -> "VARCHAR";
      // H2's TIME defaults to whole seconds; keep microseconds like the other stores.
      case DATE -> "DATE";
      case TIME -> "TIME(6)";
      case TIMESTAMP -> "TIMESTAMP(6)";
      case VARBINARY -> "VARBINARY";
    };
  }

  @Override
  protected TableWriter newWriter(
      String physicalTable,
      List<Column> declaredColumns,
      Connection connection,
      WriterOwnership ownership)
      throws SQLException {
    return new BatchTableWriter(this, physicalTable, declaredColumns, connection, ownership);
  }

  /**
   * H2's AVG of an INTEGER is the sum over the count as DOUBLE PRECISION; of a BIGINT or a NUMERIC,
   * the NUMERIC sum divided by the count (H2 gives the quotient ten more digits of scale); of a
   * DOUBLE, a DECFLOAT quotient, which a DOUBLE sum gives up to its last digits.
   */
  @Override
  public Optional<SqlNode> average(SqlNode sum, SqlNode count, Column argument) {
    return switch (argument.type()) {
      case INTEGER, DOUBLE ->
          Optional.of(divideWhenCounted(sum, "DOUBLE PRECISION", count, "DOUBLE PRECISION"));
      case BIGINT, DECIMAL -> Optional.of(divideWhenCounted(sum, null, count, null));
      default -> Optional.empty();
    };
  }

  /**
   * H2's DECFLOAT quotient of a DOUBLE sum may differ from the DOUBLE quotient in its last digit.
   */
  @Override
  public boolean averagesExactly(Column argument) {
    return argument.type() != ColumnType.DOUBLE && super.averagesExactly(argument);
  }
}
