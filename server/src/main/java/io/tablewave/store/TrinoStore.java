package io.tablewave.store;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import io.tablewave.data.Column;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;

/**
 * Trino: tables live in one catalog and schema of a Trino cluster (tested with Iceberg), and a CTAS
 * over them runs in the cluster as one {@code CREATE TABLE ... AS SELECT}. Trino folds every
 * identifier to lower case, so each table carries its Tablewave name in its comment and the tables
 * are listed under that name. Trino commits each statement on its own: the registry lives in
 * another store.
 */
final class TrinoStore extends AbstractJdbcStore {
  private static final int MAX_DECIMAL_PRECISION = 38;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String catalog;

  /** The names of tables by their Trino name; a table's names never change. */
  private final Map<String, TableNames> names = new ConcurrentHashMap<>();

  TrinoStore(HikariDataSource dataSource, String redactedUrl, TrinoLocation location) {
    // The "registry schema" is created at start; for Trino that is the data schema itself.
    super(StoreKind.TRINO, dataSource, redactedUrl, location.schema(), location.schema());
    this.catalog = location.catalog();
  }

  /** The catalog and schema a {@code jdbc:trino://HOST:PORT/CATALOG/SCHEMA} URL names. */
  record TrinoLocation(String catalog, String schema) {
    TrinoLocation {
      requireNonNull(catalog, "catalog is null");
      requireNonNull(schema, "schema is null");
    }

    static TrinoLocation of(String url, String redacted) {
      String rest = url.substring("jdbc:trino://".length());
      int query = rest.indexOf('?');
      if (query >= 0) {
        rest = rest.substring(0, query);
      }
      String[] parts = rest.split("/");
      if (parts.length != 3 || parts[1].isBlank() || parts[2].isBlank()) {
        throw new TablewaveException(
            ErrorCode.INVALID_PROPERTY,
            "Store URL '"
                + redacted
                + "' names no catalog and schema; use jdbc:trino://HOST:PORT/CATALOG/SCHEMA,"
                + " e.g. jdbc:trino://localhost:8080/iceberg/tablewave");
      }
      return new TrinoLocation(
          parts[1].toLowerCase(Locale.ROOT), parts[2].toLowerCase(Locale.ROOT));
    }
  }

  @Override
  public SqlDialect calciteDialect() {
    return TrinoDialect.INSTANCE;
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
    return "current_catalog";
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
      case TIME -> "TIME(6)";
      case TIMESTAMP -> "TIMESTAMP(6)";
      case VARBINARY -> "VARBINARY";
    };
  }

  @Override
  public long createTableAs(
      String physicalTable,
      List<Column> columns,
      SqlNode query,
      Function<Statement, Watch> whileRunning) {
    long rows = super.createTableAs(physicalTable, columns, query, whileRunning);
    rememberNames(new TableNames(physicalTable, columns.stream().map(Column::name).toList()));
    return rows;
  }

  @Override
  protected TableWriter newWriter(
      String physicalTable,
      List<Column> declaredColumns,
      Connection connection,
      WriterOwnership ownership)
      throws SQLException {
    if (!ownership.ownsTable()) {
      throw new UnsupportedOperationException(
          "Trino commits each statement on its own: a writer's rows cannot be rolled back but with"
              + " the table it created");
    }
    rememberNames(
        connection,
        new TableNames(physicalTable, declaredColumns.stream().map(Column::name).toList()));
    return new TrinoTableWriter(this, physicalTable, declaredColumns, connection);
  }

  @Override
  public void renameTable(String physicalTable, String newName) {
    List<String> columns = columnNames(physicalTable);
    super.renameTable(physicalTable, newName);
    rememberNames(new TableNames(newName, columns));
  }

  @Override
  public void dropTableIfExists(String physicalTable) {
    super.dropTableIfExists(physicalTable);
    names.remove(folded(physicalTable));
  }

  @Override
  public List<String> columnNames(String physicalTable) {
    return shownColumnNames(physicalTable, super.columnNames(physicalTable));
  }

  @Override
  public List<String> shownColumnNames(String physicalTable, List<String> stored) {
    TableNames kept = names.computeIfAbsent(folded(physicalTable), this::readNames);
    if (kept == null || kept.columns().size() != stored.size()) {
      return stored;
    }
    for (int i = 0; i < stored.size(); i++) {
      if (!folded(kept.columns().get(i)).equals(folded(stored.get(i)))) {
        return stored;
      }
    }
    return kept.columns();
  }

  @Override
  public boolean appendsInRegistryTransaction() {
    return false;
  }

  @Override
  public void deleteFromOffsets(String physicalTable, Map<Integer, Long> fromOffsets) {
    if (fromOffsets.isEmpty()) {
      return;
    }
    StringBuilder where = new StringBuilder();
    fromOffsets.forEach(
        (partition, offset) -> {
          if (where.length() > 0) {
            where.append(" OR ");
          }
          where
              .append('(')
              .append(quote("_partition"))
              .append(" = ")
              .append((int) partition)
              .append(" AND ")
              .append(quote("_offset"))
              .append(" >= ")
              .append((long) offset)
              .append(')');
        });
    String table = qualified(physicalTable);
    withConnection(
        "removing the rows of " + table + " past the registry's offsets",
        ErrorCode.LOAD_FAILED,
        true,
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.executeUpdate("DELETE FROM " + table + " WHERE " + where);
          }
          return null;
        });
  }

  @Override
  public String listedName(String physicalTable) {
    return folded(physicalTable);
  }

  /** Trino's name of a table or column: its Tablewave name folded to lower case. */
  static String folded(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /**
   * The Tablewave names of a table and its columns, kept as JSON in the table's comment since Trino
   * keeps only lower-case names.
   */
  record TableNames(String table, List<String> columns) {
    TableNames {
      requireNonNull(table, "table is null");
      columns = List.copyOf(columns);
    }

    String json() {
      try {
        return JSON.writeValueAsString(this);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("cannot write the names of " + table, e);
      }
    }

    /** The names a comment holds, or null for a comment Tablewave did not write. */
    static TableNames parse(String comment) {
      if (comment == null || !comment.startsWith("{")) {
        return null;
      }
      try {
        return JSON.readValue(comment, TableNames.class);
      } catch (JsonProcessingException e) {
        return null;
      }
    }
  }

  private void rememberNames(TableNames tableNames) {
    withConnection(
        "naming table " + qualified(tableNames.table()),
        ErrorCode.LOAD_FAILED,
        true,
        connection -> {
          rememberNames(connection, tableNames);
          return null;
        });
  }

  private void rememberNames(Connection connection, TableNames tableNames) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "COMMENT ON TABLE "
              + qualified(tableNames.table())
              + " IS "
              + literal(tableNames.json()));
    }
    names.put(folded(tableNames.table()), tableNames);
  }

  private TableNames readNames(String foldedTable) {
    return withConnection(
        "reading the names of " + qualified(foldedTable),
        ErrorCode.STORE_UNAVAILABLE,
        false,
        connection -> {
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT comment FROM system.metadata.table_comments"
                      + " WHERE catalog_name = ? AND schema_name = ? AND table_name = ?")) {
            statement.setString(1, catalog);
            statement.setString(2, dataSchema());
            statement.setString(3, foldedTable);
            try (ResultSet resultSet = statement.executeQuery()) {
              return resultSet.next() ? TableNames.parse(resultSet.getString(1)) : null;
            }
          }
        });
  }

  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }

  /** The tables of the schema, each under the Tablewave name its comment keeps. */
  @Override
  public Set<String> listDataTables() {
    return withConnection(
        "listing the tables of " + catalog + "." + dataSchema(),
        ErrorCode.STORE_UNAVAILABLE,
        false,
        connection -> {
          Set<String> tables = new LinkedHashSet<>();
          try (PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT table_name, comment FROM system.metadata.table_comments"
                      + " WHERE catalog_name = ? AND schema_name = ? ORDER BY table_name")) {
            statement.setString(1, catalog);
            statement.setString(2, dataSchema());
            try (ResultSet resultSet = statement.executeQuery()) {
              while (resultSet.next()) {
                String name = resultSet.getString(1);
                TableNames names = TableNames.parse(resultSet.getString(2));
                tables.add(
                    names != null && folded(names.table()).equals(name) ? names.table() : name);
              }
            }
          }
          return Set.copyOf(tables);
        });
  }
}
