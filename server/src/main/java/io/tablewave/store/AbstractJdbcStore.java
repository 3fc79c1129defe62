package io.tablewave.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.calcite.sql.SqlAlienSystemTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the stores share: the pool, identifier quoting, DDL built from a per-store type mapping,
 * drop, list and count, and the translation of failures.
 */
abstract class AbstractJdbcStore implements Store {
  private static final Logger LOG = LoggerFactory.getLogger(AbstractJdbcStore.class);
  private static final Retry.Policy CONFLICT_RETRY =
      new Retry.Policy(6, Duration.ofMillis(10), Duration.ofMillis(320));
  private static final Retry.Policy ONCE = new Retry.Policy(1, Duration.ZERO, Duration.ZERO);

  private final StoreKind kind;
  private final HikariDataSource dataSource;
  private final String storeName;
  private final String dataSchema;
  private final String registrySchema;
  private final String productDescription;
  private final StoreStatements statements;

  /** Takes ownership of {@code dataSource}: closes it if the store cannot be set up. */
  protected AbstractJdbcStore(
      StoreKind kind,
      HikariDataSource dataSource,
      String redactedUrl,
      String dataSchema,
      String registrySchema) {
    this.kind = requireNonNull(kind, "kind is null");
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.storeName = kind + " store " + requireNonNull(redactedUrl, "redactedUrl is null");
    this.dataSchema = requireNonNull(dataSchema, "dataSchema is null");
    this.registrySchema = requireNonNull(registrySchema, "registrySchema is null");
    this.statements = new StoreStatements(calciteDialect(), dataSchema, this::typeName);
    try {
      this.productDescription =
          withConnection(
              "reading the product version",
              ErrorCode.STORE_UNAVAILABLE,
              false,
              connection -> {
                DatabaseMetaData metaData = connection.getMetaData();
                return metaData.getDatabaseProductName()
                    + " "
                    + metaData.getDatabaseProductVersion();
              });
      withConnection(
          "creating schema " + registrySchema,
          ErrorCode.STORE_UNAVAILABLE,
          true,
          connection -> {
            try (Statement statement = connection.createStatement()) {
              statement.execute(statements.createSchemaIfNotExists(registrySchema));
            }
            return null;
          });
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
  }

  /** The DDL type of a column whose precision and scale are already {@link #declare declared}. */
  protected abstract String typeName(Column column);

  /** The largest DECIMAL precision the store accepts. */
  protected abstract int maxDecimalPrecision();

  /**
   * Opens the bulk path into a table that exists, on {@code connection}: as {@code ownership} says,
   * on a connection the writer then owns (with the table, an empty one it created) or on the
   * caller's connection and in its transaction.
   */
  protected abstract TableWriter newWriter(
      String physicalTable,
      List<Column> declaredColumns,
      Connection connection,
      WriterOwnership ownership)
      throws SQLException;

  /** A writer into an existing table on a connection of its own, which it then owns. */
  private TableWriter newWriter(
      String physicalTable, List<Column> declaredColumns, WriterOwnership ownership)
      throws SQLException {
    Connection connection = dataSource().getConnection();
    try {
      if (!ownership.ownsTable()) {
        // its rows must roll back without the table
        connection.setAutoCommit(false);
      }
      return newWriter(physicalTable, declaredColumns, connection, ownership);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** Whether failed work that conflicted with another transaction may simply run again. */
  protected boolean retriesConflicts() {
    return false;
  }

  @Override
  public StoreKind kind() {
    return kind;
  }

  @Override
  public DataSource dataSource() {
    return dataSource;
  }

  @Override
  public String dataSchema() {
    return dataSchema;
  }

  @Override
  public String registrySchema() {
    return registrySchema;
  }

  @Override
  public String quote(String identifier) {
    return statements.quote(identifier);
  }

  @Override
  public String qualified(String physicalTable) {
    return statements.qualified(physicalTable);
  }

  @Override
  public long createTableAs(
      String physicalTable,
      List<Column> columns,
      SqlNode query,
      Function<Statement, Watch> whileRunning) {
    requireNonNull(physicalTable, "physicalTable is null");
    requireNonNull(columns, "columns is null");
    requireNonNull(query, "query is null");
    requireNonNull(whileRunning, "whileRunning is null");
    String table = qualified(physicalTable);
    String ddl =
        statements.createTableAs(
            physicalTable, columns.stream().map(this::declare).toList(), query);
    return withConnection(
        "creating table " + table,
        ErrorCode.LOAD_FAILED,
        true,
        connection -> {
          executeWatched(
              connection,
              statement -> {
                statement.execute(ddl);
                return 0;
              },
              whileRunning,
              "creating table " + table);
          return countRows(connection, physicalTable);
        });
  }

  @Override
  public TableWriter openWriter(String physicalTable, List<Column> columns) {
    requireNonNull(physicalTable, "physicalTable is null");
    requireNonNull(columns, "columns is null");
    if (columns.isEmpty()) {
      throw new TablewaveException(
          ErrorCode.LOAD_FAILED,
          "Table '" + physicalTable + "' has no columns; a stored table needs at least one");
    }
    List<Column> declared = columns.stream().map(this::declare).toList();
    String table = qualified(physicalTable);
    String ddl = statements.createTable(physicalTable, declared);
    withConnection(
        "creating table " + table,
        ErrorCode.LOAD_FAILED,
        true,
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute(ddl);
          }
          return null;
        });
    try {
      return newWriter(physicalTable, declared, WriterOwnership.OWN_TRANSACTION_AND_TABLE);
    } catch (SQLException | RuntimeException e) {
      TablewaveException failure =
          e instanceof SQLException sql
              ? failure(sql, ErrorCode.LOAD_FAILED, "opening a writer into " + table)
              : null;
      try {
        dropTableIfExists(physicalTable);
      } catch (RuntimeException dropFailure) {
        e.addSuppressed(dropFailure);
      }
      if (failure != null) {
        throw failure;
      }
      throw (RuntimeException) e;
    }
  }

  @Override
  public TableWriter openWriter(Connection connection, String physicalTable, List<Column> columns) {
    requireNonNull(connection, "connection is null");
    requireNonNull(physicalTable, "physicalTable is null");
    List<Column> declared = columns.stream().map(this::declare).toList();
    try {
      return newWriter(physicalTable, declared, connection, WriterOwnership.CALLERS_TRANSACTION);
    } catch (SQLException e) {
      throw failure(e, ErrorCode.LOAD_FAILED, "opening a writer into " + qualified(physicalTable));
    }
  }

  @Override
  public TableWriter openParallelWriter(String physicalTable, List<Column> columns) {
    requireNonNull(physicalTable, "physicalTable is null");
    List<Column> declared = columns.stream().map(this::declare).toList();
    try {
      return newWriter(physicalTable, declared, WriterOwnership.OWN_TRANSACTION);
    } catch (SQLException e) {
      throw failure(e, ErrorCode.LOAD_FAILED, "opening a writer into " + qualified(physicalTable));
    }
  }

  /** The column as this store declares it: DECIMAL precision and scale within its limits. */
  Column declare(Column column) {
    if (column.type() != ColumnType.DECIMAL) {
      return column;
    }
    int max = maxDecimalPrecision();
    int precision = column.precision() <= 0 ? Math.min(38, max) : Math.min(column.precision(), max);
    int scale = Math.max(0, Math.min(column.scale(), precision));
    return new Column(column.name(), column.type(), precision, scale, column.nullable());
  }

  @Override
  public void dropTableIfExists(String physicalTable) {
    String table = qualified(requireNonNull(physicalTable, "physicalTable is null"));
    withConnection(
        "dropping table " + table,
        ErrorCode.STORE_UNAVAILABLE,
        true,
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute(statements.dropTableIfExists(physicalTable));
          }
          return null;
        });
  }

  @Override
  public long appendRows(
      Connection connection,
      String fromTable,
      String toTable,
      List<String> columns,
      Function<Statement, Watch> whileRunning)
      throws SQLException {
    String insert = statements.insertSelect(toTable, fromTable, columns);
    return executeWatched(
        connection,
        statement -> statement.executeUpdate(insert),
        whileRunning,
        "appending to table " + qualified(toTable));
  }

  /** One statement's run, returning what it counts. */
  @FunctionalInterface
  private interface StatementRun {
    long run(Statement statement) throws SQLException;
  }

  /**
   * Runs one statement on {@code connection}, offered to {@code whileRunning} for cancelling while
   * it runs; a connection whose statement was cancelled leaves the pool, since the interrupt may
   * outlive the statement.
   */
  private long executeWatched(
      Connection connection, StatementRun run, Function<Statement, Watch> whileRunning, String what)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      Watch cancellable = whileRunning.apply(statement);
      boolean cancelled;
      long updated;
      try {
        updated = run.run(statement);
      } finally {
        cancelled = cancellable.withdraw();
        if (cancelled) {
          dataSource.evictConnection(connection);
        }
      }
      if (cancelled) {
        throw new TablewaveException(ErrorCode.CANCELLED, what + " was cancelled");
      }
      return updated;
    }
  }

  @Override
  public List<String> columnNames(String physicalTable) {
    return columns(physicalTable).stream().map(Column::name).toList();
  }

  @Override
  public List<Column> columns(String physicalTable) {
    String table = qualified(requireNonNull(physicalTable, "physicalTable is null"));
    return withConnection(
        "reading the columns of " + table,
        ErrorCode.STORE_UNAVAILABLE,
        false,
        connection -> {
          try (Statement statement = connection.createStatement();
              ResultSet resultSet = statement.executeQuery(statements.noRows(physicalTable))) {
            ResultSetMetaData metaData = resultSet.getMetaData();
            List<Column> columns = new ArrayList<>();
            for (int i = 1; i <= metaData.getColumnCount(); i++) {
              ColumnType type = ColumnType.fromJdbc(metaData.getColumnType(i));
              boolean decimal = type == ColumnType.DECIMAL;
              columns.add(
                  new Column(
                      metaData.getColumnLabel(i),
                      type,
                      decimal ? metaData.getPrecision(i) : 0,
                      decimal ? metaData.getScale(i) : 0,
                      metaData.isNullable(i) != ResultSetMetaData.columnNoNulls));
            }
            return List.copyOf(columns);
          }
        });
  }

  @Override
  public void renameTable(String physicalTable, String newName) {
    String table = qualified(requireNonNull(physicalTable, "physicalTable is null"));
    String renamed = quote(requireNonNull(newName, "newName is null"));
    String ddl = statements.renameTable(physicalTable, newName);
    withConnection(
        "renaming table " + table + " to " + renamed,
        ErrorCode.LOAD_FAILED,
        true,
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute(ddl);
          }
          return null;
        });
  }

  @Override
  public Set<String> listDataTables() {
    return withConnection(
        "listing the tables of schema " + dataSchema,
        ErrorCode.STORE_UNAVAILABLE,
        false,
        connection -> {
          Set<String> tables = new LinkedHashSet<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT table_name FROM information_schema.tables WHERE table_schema = ?"
                      + " AND table_type = 'BASE TABLE' AND table_catalog = "
                      + currentCatalogSql()
                      + " ORDER BY table_name")) {
            statement.setString(1, dataSchema);
            try (ResultSet resultSet = statement.executeQuery()) {
              while (resultSet.next()) {
                tables.add(resultSet.getString(1));
              }
            }
          }
          return Set.copyOf(tables);
        });
  }

  /** SQL for the name of the database the connection is in, as information_schema spells it. */
  protected abstract String currentCatalogSql();

  @Override
  public long rowCount(String physicalTable) {
    String table = qualified(requireNonNull(physicalTable, "physicalTable is null"));
    try {
      return withConnection(
          "counting the rows of " + table,
          ErrorCode.STORE_UNAVAILABLE,
          false,
          connection -> countRows(connection, physicalTable));
    } catch (TablewaveException e) {
      if (e.errorCode() == ErrorCode.STORE_UNAVAILABLE
          && !listDataTables().contains(physicalTable)) {
        throw new TablewaveException(
            ErrorCode.TABLE_NOT_FOUND, "Table " + table + " does not exist in " + storeName, e);
      }
      throw e;
    }
  }

  private long countRows(Connection connection, String physicalTable) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(statements.countRows(physicalTable))) {
      resultSet.next();
      return resultSet.getLong(1);
    }
  }

  @Override
  public String productDescription() {
    return productDescription;
  }

  @Override
  public void close() {
    dataSource.close();
  }

  @Override
  public int activeConnections() {
    return dataSource.getHikariPoolMXBean() == null
        ? 0
        : dataSource.getHikariPoolMXBean().getActiveConnections();
  }

  /** Runs work on a pooled connection; idempotent work is retried on transaction conflicts. */
  protected <T> T withConnection(
      String what, ErrorCode fallback, boolean idempotent, SqlWork<T> work) {
    Retry.Policy policy = idempotent && retriesConflicts() ? CONFLICT_RETRY : ONCE;
    try {
      return Retry.run(
          policy,
          e -> e instanceof SQLException sql && TransientStoreErrors.isTransactionConflict(sql),
          Retry.Pause.SLEEP,
          (attempt, pause, e) ->
              LOG.info(
                  "Retrying {} on {} after a transaction conflict (attempt {}): {}",
                  what,
                  storeName,
                  attempt,
                  e.getMessage()),
          () -> {
            try (Connection connection = dataSource.getConnection()) {
              return work.run(connection);
            }
          });
    } catch (Retry.GaveUp gaveUp) {
      if (gaveUp.failure() instanceof SQLException e) {
        throw failure(e, fallback, what);
      }
      throw (RuntimeException) gaveUp.failure();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TablewaveException(ErrorCode.CANCELLED, what + " was interrupted", e);
    }
  }

  TablewaveException failure(SQLException e, ErrorCode fallback, String what) {
    return StoreErrors.translate(e, fallback, what, storeName);
  }

  @Override
  public String toString() {
    return storeName;
  }

  /**
   * The store's AVG from a sum and a count, as {@link #average} says, with each operand cast to
   * {@code sumType} and {@code countType} (store type names) before the division; NULL when the
   * count is 0.
   */
  protected static SqlNode divideWhenCounted(
      SqlNode sum, String sumType, SqlNode count, String countType) {
    SqlNode division =
        SqlStdOperatorTable.DIVIDE.createCall(
            SqlParserPos.ZERO, castTo(sum, sumType), castTo(count, countType));
    return new SqlCase(
        SqlParserPos.ZERO,
        null,
        SqlNodeList.of(
            SqlStdOperatorTable.EQUALS.createCall(
                SqlParserPos.ZERO, count, SqlLiteral.createExactNumeric("0", SqlParserPos.ZERO))),
        SqlNodeList.of(SqlLiteral.createNull(SqlParserPos.ZERO)),
        division);
  }

  /** {@code CAST(value AS type)}, {@code type} as the store writes it; {@code value} for null. */
  protected static SqlNode castTo(SqlNode value, String type) {
    if (type == null) {
      return value;
    }
    return SqlStdOperatorTable.CAST.createCall(
        SqlParserPos.ZERO,
        value,
        new SqlDataTypeSpec(
            new SqlAlienSystemTypeNameSpec(type, SqlTypeName.ANY, SqlParserPos.ZERO),
            SqlParserPos.ZERO));
  }
}
