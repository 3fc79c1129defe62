package io.tablewave.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;

import static io.tablewave.registry.RegistryTable.bigint;
import static io.tablewave.registry.RegistryTable.integer;
import static io.tablewave.registry.RegistryTable.millis;
import static io.tablewave.registry.RegistryTable.varchar;
import static java.util.Objects.requireNonNull;

/**
 * Persists the registry in the store's registry schema, so that it lives beside the tables it
 * describes. Identifiers are unquoted so that the same SQL runs on DuckDB, H2 and PostgreSQL;
 * times are epoch milliseconds. Callers serialize writes.
 */
public final class RegistryRepository {
  private static final String[] DDL = {
      "CREATE TABLE IF NOT EXISTS %s.tw_tables (name VARCHAR PRIMARY KEY, physical_name VARCHAR NOT NULL,"
          + " status VARCHAR NOT NULL, health VARCHAR NOT NULL, issues VARCHAR, row_count BIGINT NOT NULL,"
          + " sql_text VARCHAR NOT NULL, properties VARCHAR NOT NULL, batch_id BIGINT NOT NULL, wave INTEGER NOT NULL,"
          + " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, load_millis BIGINT NOT NULL,"
          + " bad_records BIGINT NOT NULL, last_error VARCHAR)",
      "CREATE TABLE IF NOT EXISTS %s.tw_dependencies (table_name VARCHAR NOT NULL, depends_on VARCHAR NOT NULL,"
          + " kind VARCHAR NOT NULL, origin VARCHAR NOT NULL)",
      "CREATE TABLE IF NOT EXISTS %s.tw_batches (batch_id BIGINT PRIMARY KEY, status VARCHAR NOT NULL,"
          + " submitted_at BIGINT NOT NULL, finished_at BIGINT, table_count INTEGER NOT NULL,"
          + " succeeded INTEGER NOT NULL, failed INTEGER NOT NULL, skipped INTEGER NOT NULL,"
          + " wave_count INTEGER NOT NULL, parallelism INTEGER NOT NULL, user_name VARCHAR, error_message VARCHAR)",
      "CREATE TABLE IF NOT EXISTS %s.tw_batch_tables (batch_id BIGINT NOT NULL, table_name VARCHAR NOT NULL,"
          + " statement_index INTEGER NOT NULL, wave INTEGER NOT NULL, status VARCHAR NOT NULL,"
          + " rows_loaded BIGINT NOT NULL, rows_expected BIGINT, started_at BIGINT, finished_at BIGINT,"
          + " error_message VARCHAR, skipped_because VARCHAR, attempts INTEGER NOT NULL)",
      "CREATE TABLE IF NOT EXISTS %s.tw_kafka_offsets (table_name VARCHAR NOT NULL, topic VARCHAR NOT NULL,"
          + " kafka_partition INTEGER NOT NULL, start_offset BIGINT NOT NULL, end_offset BIGINT NOT NULL)",
  };

  private static final Logger LOG = LoggerFactory.getLogger(RegistryRepository.class);
  private static final int ABORTED_TRANSACTION_ATTEMPTS = 10;
  private static final long FIRST_RETRY_PAUSE_MILLIS = 25;
  private static final long MAX_RETRY_PAUSE_MILLIS = 1_000;
  /** Rows per INSERT: PostgreSQL takes at most 32,767 parameters in a statement. */
  private static final int ROWS_PER_INSERT = 500;

  private static final RegistryTable<TableEntry> TABLES = new RegistryTable<>("tw_tables", List.of(
      varchar("name"), varchar("physical_name"), varchar("status"), varchar("health"), varchar("issues"),
      bigint("row_count"), varchar("sql_text"), varchar("properties"), bigint("batch_id"), integer("wave"),
      bigint("created_at"), bigint("updated_at"), bigint("load_millis"), bigint("bad_records"),
      varchar("last_error")), 1,
      t -> Arrays.asList(t.name(), t.physicalName(), t.status().name(), t.health().name(), t.issues(),
          t.rowCount(), t.sqlText(), t.propertiesJson(), t.batchId(), t.wave(), millis(t.createdAt()),
          millis(t.updatedAt()), t.loadMillis(), t.badRecords(), t.lastError()));
  private static final RegistryTable<DependencyEdge> DEPENDENCIES = new RegistryTable<>("tw_dependencies",
      List.of(varchar("table_name"), varchar("depends_on"), varchar("kind"), varchar("origin")), 1,
      d -> Arrays.asList(d.tableName(), d.dependsOn(), d.kind().name(), d.origin().name()));
  private static final RegistryTable<BatchEntry> BATCHES = new RegistryTable<>("tw_batches", List.of(
      bigint("batch_id"), varchar("status"), bigint("submitted_at"), bigint("finished_at"), integer("table_count"),
      integer("succeeded"), integer("failed"), integer("skipped"), integer("wave_count"), integer("parallelism"),
      varchar("user_name"), varchar("error_message")), 1,
      b -> Arrays.asList(b.batchId(), b.status().name(), millis(b.submittedAt()), millis(b.finishedAt()),
          b.tableCount(), b.succeeded(), b.failed(), b.skipped(), b.waveCount(), b.parallelism(), b.userName(),
          b.errorMessage()));
  private static final RegistryTable<BatchTableEntry> BATCH_TABLES = new RegistryTable<>("tw_batch_tables",
      List.of(bigint("batch_id"), varchar("table_name"), integer("statement_index"), integer("wave"),
          varchar("status"), bigint("rows_loaded"), bigint("rows_expected"), bigint("started_at"),
          bigint("finished_at"), varchar("error_message"), varchar("skipped_because"), integer("attempts")), 2,
      e -> Arrays.asList(e.batchId(), e.tableName(), e.statementIndex(), e.wave(), e.status().name(),
          e.rowsLoaded(), e.rowsExpected(), millis(e.startedAt()), millis(e.finishedAt()), e.errorMessage(),
          e.skippedBecause(), e.attempts()));
  private static final RegistryTable<KafkaOffsetEntry> KAFKA_OFFSETS = new RegistryTable<>("tw_kafka_offsets",
      List.of(varchar("table_name"), varchar("topic"), integer("kafka_partition"), bigint("start_offset"),
          bigint("end_offset")), 1,
      o -> Arrays.asList(o.tableName(), o.topic(), o.partition(), o.startOffset(), o.endOffset()));

  private final DataSource dataSource;
  private final String schema;

  public RegistryRepository(DataSource dataSource, String schema) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.schema = requireNonNull(schema, "schema is null");
  }

  /** Creates the registry schema and tables when they do not exist yet. */
  public void initialize() {
    run(connection -> {
      try (Statement statement = connection.createStatement()) {
        statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        for (String ddl : DDL) {
          statement.execute(ddl.formatted(schema));
        }
      }
    });
  }

  public RegistrySnapshot load() {
    List<TableEntry> tables = new ArrayList<>();
    List<DependencyEdge> edges = new ArrayList<>();
    List<BatchEntry> batches = new ArrayList<>();
    List<BatchTableEntry> batchTables = new ArrayList<>();
    List<KafkaOffsetEntry> offsets = new ArrayList<>();
    run(connection -> {
      try (Statement statement = connection.createStatement()) {
        try (ResultSet rs = statement.executeQuery(select(TABLES))) {
          while (rs.next()) {
            tables.add(new TableEntry(rs.getString(1), rs.getString(2), TableStatus.valueOf(rs.getString(3)),
                Health.valueOf(rs.getString(4)), rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8),
                rs.getLong(9), rs.getInt(10), instant(rs, 11), instant(rs, 12), rs.getLong(13), rs.getLong(14),
                rs.getString(15)));
          }
        }
        try (ResultSet rs = statement.executeQuery(select(DEPENDENCIES))) {
          while (rs.next()) {
            edges.add(new DependencyEdge(rs.getString(1), rs.getString(2), DependencyKind.valueOf(rs.getString(3)),
                DependencyOrigin.valueOf(rs.getString(4))));
          }
        }
        try (ResultSet rs = statement.executeQuery(select(BATCHES))) {
          while (rs.next()) {
            batches.add(new BatchEntry(rs.getLong(1), BatchStatus.valueOf(rs.getString(2)), instant(rs, 3),
                instant(rs, 4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10),
                rs.getString(11), rs.getString(12)));
          }
        }
        try (ResultSet rs = statement.executeQuery(select(BATCH_TABLES))) {
          while (rs.next()) {
            long expected = rs.getLong(7);
            Long rowsExpected = rs.wasNull() ? null : expected;
            batchTables.add(new BatchTableEntry(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                BatchTableStatus.valueOf(rs.getString(5)), rs.getLong(6), rowsExpected, instant(rs, 8),
                instant(rs, 9), rs.getString(10), rs.getString(11), rs.getInt(12)));
          }
        }
        try (ResultSet rs = statement.executeQuery(select(KAFKA_OFFSETS))) {
          while (rs.next()) {
            offsets.add(new KafkaOffsetEntry(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                rs.getLong(5)));
          }
        }
      }
    });
    return new RegistrySnapshot(tables, edges, batches, batchTables, offsets);
  }

  /**
   * Applies the changes of registry transitions, in order, in one store transaction. Rows the store holds are
   * updated in place and new ones inserted. A transaction the store aborted is applied again on another
   * connection, after a pause: DuckDB aborts a write to a row ("TransactionContext Error: Failed to commit:
   * write-write conflict on key") while an older transaction that may still see the row is active, such as
   * a long load being rolled back. Applying a change twice leaves the same rows.
   */
  void apply(List<RegistryChange> changes) {
    List<RegistryChange> nonEmpty = changes.stream().filter(c -> !c.isEmpty()).toList();
    if (nonEmpty.isEmpty()) {
      return;
    }
    long pauseMillis = FIRST_RETRY_PAUSE_MILLIS;
    for (int attempt = 1; ; attempt++) {
      try {
        applyOnce(nonEmpty);
        return;
      } catch (AbortedTransaction aborted) {
        if (attempt == ABORTED_TRANSACTION_ATTEMPTS) {
          throw new TablewaveException(ErrorCode.STORE_UNAVAILABLE, "the registry could not be written in the"
              + " store (schema " + schema + "): " + aborted.getCause().getMessage(), aborted.getCause());
        }
        LOG.warn("registry transaction aborted by the store, applying it again on another connection in {} ms"
            + " (attempt {}): {}", pauseMillis, attempt, aborted.getCause().getMessage());
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new TablewaveException(ErrorCode.STORE_UNAVAILABLE, "interrupted while writing the registry", e);
        }
        pauseMillis = Math.min(MAX_RETRY_PAUSE_MILLIS, pauseMillis * 2);
      }
    }
  }

  private void applyOnce(List<RegistryChange> changes) {
    run(connection -> {
      boolean autoCommit = connection.getAutoCommit();
      SQLException aborted = null;
      connection.setAutoCommit(false);
      try {
        try (PreparedStatements statements = new PreparedStatements(connection)) {
          for (RegistryChange one : changes) {
            writeRows(statements, one);
          }
        }
        connection.commit();
      } catch (SQLException e) {
        rollbackQuietly(connection, e);
        if (!isAbortedTransaction(e)) {
          restoreQuietly(connection, autoCommit, e);
          throw e;
        }
        aborted = e;
      } catch (RuntimeException e) {
        connection.rollback();
        connection.setAutoCommit(autoCommit);
        throw e;
      }
      try {
        connection.setAutoCommit(autoCommit);
      } catch (SQLException e) {
        // DuckDB reports an aborted transaction here too, when leaving manual commit.
        if (!isAbortedTransaction(e)) {
          throw e;
        }
        aborted = aborted == null ? e : aborted;
      }
      if (aborted != null) {
        evict(connection);
        throw new AbortedTransaction(aborted);
      }
    });
  }

  private void writeRows(PreparedStatements statements, RegistryChange change) throws SQLException {
    for (String table : change.deletedTables()) {
      delete(statements, TABLES, table);
      delete(statements, DEPENDENCIES, table);
      delete(statements, KAFKA_OFFSETS, table);
    }
    write(statements, TABLES, change.tables());
    for (var entry : change.replacedDependencies().entrySet()) {
      delete(statements, DEPENDENCIES, entry.getKey());
    }
    insert(statements, DEPENDENCIES, change.replacedDependencies().values().stream().flatMap(List::stream).toList());
    for (var entry : change.replacedOffsets().entrySet()) {
      delete(statements, KAFKA_OFFSETS, entry.getKey());
    }
    insert(statements, KAFKA_OFFSETS, change.replacedOffsets().values().stream().flatMap(List::stream).toList());
    write(statements, BATCHES, change.batches());
    write(statements, BATCH_TABLES, change.batchTables());
  }

  /** Inserts new rows; updates stored ones in place, or inserts those the store does not hold. */
  private <T> void write(PreparedStatements statements, RegistryTable<T> table,
      Collection<RegistryChange.Written<T>> rows) throws SQLException {
    List<T> inserted = new ArrayList<>();
    for (RegistryChange.Written<T> row : rows) {
      if (row.isNew()) {
        inserted.add(row.row());
        continue;
      }
      PreparedStatement update = statements.prepare(table.updateSql(schema));
      table.bindUpdate(update, row.row());
      if (update.executeUpdate() == 0) {
        inserted.add(row.row());
      }
    }
    insert(statements, table, inserted);
  }

  /** Inserts rows a few hundred to a statement: a statement costs DuckDB about as much as a row. */
  private <T> void insert(PreparedStatements statements, RegistryTable<T> table, List<T> rows)
      throws SQLException {
    for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
      List<T> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
      PreparedStatement insert = statements.prepare(table.insertSql(schema, chunk.size()));
      table.bindInsert(insert, chunk);
      insert.executeUpdate();
    }
  }

  /** Deletes the rows of a registry table whose first key column is {@code key}. */
  private void delete(PreparedStatements statements, RegistryTable<?> table, String key) throws SQLException {
    PreparedStatement delete = statements.prepare("DELETE FROM " + schema + "." + table.name() + " WHERE "
        + table.columns().get(0).name() + " = ?");
    delete.setString(1, key);
    delete.executeUpdate();
  }

  private String select(RegistryTable<?> table) {
    return "SELECT " + table.columnList() + " FROM " + schema + "." + table.name();
  }

  /** The statements of one transaction, each SQL text prepared once. */
  private static final class PreparedStatements implements AutoCloseable {
    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();

    PreparedStatements(Connection connection) {
      this.connection = connection;
    }

    PreparedStatement prepare(String sql) throws SQLException {
      PreparedStatement statement = prepared.get(sql);
      if (statement == null) {
        statement = connection.prepareStatement(sql);
        prepared.put(sql, statement);
      }
      return statement;
    }

    @Override
    public void close() throws SQLException {
      SQLException failure = null;
      for (PreparedStatement statement : prepared.values()) {
        try {
          statement.close();
        } catch (SQLException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private static boolean isAbortedTransaction(SQLException e) {
    return e.getMessage() != null && e.getMessage().contains("TransactionContext Error");
  }

  private static void rollbackQuietly(Connection connection, SQLException failure) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  private static void restoreQuietly(Connection connection, boolean autoCommit, SQLException failure) {
    try {
      connection.setAutoCommit(autoCommit);
    } catch (SQLException restoreFailure) {
      failure.addSuppressed(restoreFailure);
    }
  }

  /** Keeps a connection whose transaction the store aborted out of the pool. */
  private void evict(Connection connection) {
    if (dataSource instanceof HikariDataSource pool) {
      pool.evictConnection(connection);
    }
  }

  /** A registry transaction the store aborted; safe to apply again. */
  private static final class AbortedTransaction extends RuntimeException {
    AbortedTransaction(SQLException cause) {
      super(cause);
    }
  }

  private static Instant instant(ResultSet rs, int index) throws SQLException {
    long millis = rs.getLong(index);
    return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
  }

  private interface ConnectionWork {
    void run(Connection connection) throws SQLException;
  }

  private void run(ConnectionWork work) {
    try (Connection connection = dataSource.getConnection()) {
      work.run(connection);
    } catch (SQLException e) {
      throw new TablewaveException(ErrorCode.STORE_UNAVAILABLE,
          "the registry could not be read or written in the store (schema " + schema + "): " + e.getMessage(), e);
    }
  }
}
