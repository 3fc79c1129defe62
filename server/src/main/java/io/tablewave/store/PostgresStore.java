package io.tablewave.store;

import com.zaxxer.hikari.HikariDataSource;
import io.tablewave.data.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;

/** PostgreSQL: loads through COPY. */
final class PostgresStore extends AbstractJdbcStore {
  private static final int MAX_DECIMAL_PRECISION = 1000;

  PostgresStore(HikariDataSource dataSource, String redactedUrl) {
    super(StoreKind.POSTGRESQL, dataSource, redactedUrl, "public", "tablewave_registry");
  }

  @Override
  public SqlDialect calciteDialect() {
    return PostgresDialect.INSTANCE;
  }

  @Override
  public boolean runsJoinsWell() {
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
      case DOUBLE -> "DOUBLE PRECISION";
      case DECIMAL -> "NUMERIC(" + column.precision() + ", " + column.scale() + ")";
      case VARCHAR -> "VARCHAR";
      case DATE -> "DATE";
      case TIME -> "TIME WITHOUT TIME ZONE";
      case TIMESTAMP -> "TIMESTAMP WITHOUT TIME ZONE";
      case VARBINARY -> "BYTEA";
    };
  }

  @Override
  protected TableWriter newWriter(
      String physicalTable,
      List<Column> declaredColumns,
      Connection connection,
      WriterOwnership ownership)
      throws SQLException {
    return new PostgresCopyWriter(this, physicalTable, declaredColumns, connection, ownership);
  }

  /**
   * PostgreSQL's AVG of an integer or a NUMERIC is the NUMERIC sum divided by the count as a
   * NUMERIC ({@code numeric_div}, whose scale follows the values); of a DOUBLE PRECISION, the sum
   * over the count.
   */
  @Override
  public Optional<SqlNode> average(SqlNode sum, SqlNode count, Column argument) {
    return switch (argument.type()) {
      case INTEGER, BIGINT, DECIMAL ->
          Optional.of(divideWhenCounted(sum, "NUMERIC", count, "NUMERIC"));
      case DOUBLE ->
          Optional.of(divideWhenCounted(sum, "DOUBLE PRECISION", count, "DOUBLE PRECISION"));
      default -> Optional.empty();
    };
  }
}
