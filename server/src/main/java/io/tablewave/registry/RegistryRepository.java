package io.tablewave.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;

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
        try (ResultSet rs = statement.executeQuery("SELECT name, physical_name, status, health, issues, row_count,"
            + " sql_text, properties, batch_id, wave, created_at, updated_at, load_millis, bad_records, last_error"
            + " FROM " + schema + ".tw_tables")) {
          while (rs.next()) {
            tables.add(new TableEntry(rs.getString(1), rs.getString(2), TableStatus.valueOf(rs.getString(3)),
                Health.valueOf(rs.getString(4)), rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8),
                rs.getLong(9), rs.getInt(10), instant(rs, 11), instant(rs, 12), rs.getLong(13), rs.getLong(14),
                rs.getString(15)));
          }
        }
        try (ResultSet rs = statement.executeQuery(
            "SELECT table_name, depends_on, kind, origin FROM " + schema + ".tw_dependencies")) {
          while (rs.next()) {
            edges.add(new DependencyEdge(rs.getString(1), rs.getString(2), DependencyKind.valueOf(rs.getString(3)),
                DependencyOrigin.valueOf(rs.getString(4))));
          }
        }
        try (ResultSet rs = statement.executeQuery("SELECT batch_id, status, submitted_at, finished_at, table_count,"
            + " succeeded, failed, skipped, wave_count, parallelism, user_name, error_message FROM "
            + schema + ".tw_batches")) {
          while (rs.next()) {
            batches.add(new BatchEntry(rs.getLong(1), BatchStatus.valueOf(rs.getString(2)), instant(rs, 3),
                instant(rs, 4), rs.getInt(5), rs.getInt(6), rs.getInt(7), rs.getInt(8), rs.getInt(9), rs.getInt(10),
                rs.getString(11), rs.getString(12)));
          }
        }
        try (ResultSet rs = statement.executeQuery("SELECT batch_id, table_name, statement_index, wave, status,"
            + " rows_loaded, rows_expected, started_at, finished_at, error_message, skipped_because, attempts FROM "
            + schema + ".tw_batch_tables")) {
          while (rs.next()) {
            long expected = rs.getLong(7);
            Long rowsExpected = rs.wasNull() ? null : expected;
            batchTables.add(new BatchTableEntry(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
                BatchTableStatus.valueOf(rs.getString(5)), rs.getLong(6), rowsExpected, instant(rs, 8),
                instant(rs, 9), rs.getString(10), rs.getString(11), rs.getInt(12)));
          }
        }
        try (ResultSet rs = statement.executeQuery("SELECT table_name, topic, kafka_partition, start_offset,"
            + " end_offset FROM " + schema + ".tw_kafka_offsets")) {
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
   * Applies every change of one registry transition in one store transaction. A transaction the store
   * aborted is applied again on another connection, after a pause: DuckDB aborts the delete-and-insert of a
   * row ("TransactionContext Error: Failed to commit: write-write conflict on key") while an older
   * transaction that may still see the row is active, such as a long load being rolled back. Every change
   * deletes before it inserts, so applying it twice leaves the same rows.
   */
  void apply(RegistryChange change) {
    long pauseMillis = FIRST_RETRY_PAUSE_MILLIS;
    for (int attempt = 1; ; attempt++) {
      try {
        applyOnce(change);
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

  private void applyOnce(RegistryChange change) {
    run(connection -> {
      boolean autoCommit = connection.getAutoCommit();
      SQLException aborted = null;
      connection.setAutoCommit(false);
      try {
        for (String table : change.deletedTables()) {
          delete(connection, "tw_tables", "name", table);
          delete(connection, "tw_dependencies", "table_name", table);
          delete(connection, "tw_kafka_offsets", "table_name", table);
        }
        for (TableEntry table : change.upsertedTables()) {
          delete(connection, "tw_tables", "name", table.name());
          insertTable(connection, table);
        }
        for (var entry : change.replacedDependencies().entrySet()) {
          delete(connection, "tw_dependencies", "table_name", entry.getKey());
          insertDependencies(connection, entry.getValue());
        }
        for (var entry : change.replacedOffsets().entrySet()) {
          delete(connection, "tw_kafka_offsets", "table_name", entry.getKey());
          insertOffsets(connection, entry.getValue());
        }
        for (BatchEntry batch : change.upsertedBatches()) {
          deleteBatch(connection, batch.batchId());
          insertBatch(connection, batch);
        }
        for (BatchTableEntry entry : change.upsertedBatchTables()) {
          deleteBatchTable(connection, entry.batchId(), entry.tableName());
          insertBatchTable(connection, entry);
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

  private void delete(Connection connection, String table, String keyColumn, String key) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "DELETE FROM " + schema + "." + table + " WHERE " + keyColumn + " = ?")) {
      ps.setString(1, key);
      ps.executeUpdate();
    }
  }

  private void deleteBatch(Connection connection, long batchId) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "DELETE FROM " + schema + ".tw_batches WHERE batch_id = ?")) {
      ps.setLong(1, batchId);
      ps.executeUpdate();
    }
  }

  private void deleteBatchTable(Connection connection, long batchId, String table) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "DELETE FROM " + schema + ".tw_batch_tables WHERE batch_id = ? AND table_name = ?")) {
      ps.setLong(1, batchId);
      ps.setString(2, table);
      ps.executeUpdate();
    }
  }

  private void insertTable(Connection connection, TableEntry t) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement("INSERT INTO " + schema + ".tw_tables VALUES"
        + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setString(1, t.name());
      ps.setString(2, t.physicalName());
      ps.setString(3, t.status().name());
      ps.setString(4, t.health().name());
      setString(ps, 5, t.issues());
      ps.setLong(6, t.rowCount());
      ps.setString(7, t.sqlText());
      ps.setString(8, t.propertiesJson());
      ps.setLong(9, t.batchId());
      ps.setInt(10, t.wave());
      ps.setLong(11, t.createdAt().toEpochMilli());
      ps.setLong(12, t.updatedAt().toEpochMilli());
      ps.setLong(13, t.loadMillis());
      ps.setLong(14, t.badRecords());
      setString(ps, 15, t.lastError());
      ps.executeUpdate();
    }
  }

  private void insertDependencies(Connection connection, List<DependencyEdge> edges) throws SQLException {
    if (edges.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO " + schema + ".tw_dependencies VALUES (?, ?, ?, ?)")) {
      for (DependencyEdge edge : edges) {
        ps.setString(1, edge.tableName());
        ps.setString(2, edge.dependsOn());
        ps.setString(3, edge.kind().name());
        ps.setString(4, edge.origin().name());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void insertOffsets(Connection connection, List<KafkaOffsetEntry> offsets) throws SQLException {
    if (offsets.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO " + schema + ".tw_kafka_offsets VALUES (?, ?, ?, ?, ?)")) {
      for (KafkaOffsetEntry offset : offsets) {
        ps.setString(1, offset.tableName());
        ps.setString(2, offset.topic());
        ps.setInt(3, offset.partition());
        ps.setLong(4, offset.startOffset());
        ps.setLong(5, offset.endOffset());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private void insertBatch(Connection connection, BatchEntry b) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO " + schema + ".tw_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, b.batchId());
      ps.setString(2, b.status().name());
      ps.setLong(3, b.submittedAt().toEpochMilli());
      setInstant(ps, 4, b.finishedAt());
      ps.setInt(5, b.tableCount());
      ps.setInt(6, b.succeeded());
      ps.setInt(7, b.failed());
      ps.setInt(8, b.skipped());
      ps.setInt(9, b.waveCount());
      ps.setInt(10, b.parallelism());
      setString(ps, 11, b.userName());
      setString(ps, 12, b.errorMessage());
      ps.executeUpdate();
    }
  }

  private void insertBatchTable(Connection connection, BatchTableEntry e) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(
        "INSERT INTO " + schema + ".tw_batch_tables VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, e.batchId());
      ps.setString(2, e.tableName());
      ps.setInt(3, e.statementIndex());
      ps.setInt(4, e.wave());
      ps.setString(5, e.status().name());
      ps.setLong(6, e.rowsLoaded());
      if (e.rowsExpected() == null) {
        ps.setNull(7, Types.BIGINT);
      } else {
        ps.setLong(7, e.rowsExpected());
      }
      setInstant(ps, 8, e.startedAt());
      setInstant(ps, 9, e.finishedAt());
      setString(ps, 10, e.errorMessage());
      setString(ps, 11, e.skippedBecause());
      ps.setInt(12, e.attempts());
      ps.executeUpdate();
    }
  }

  private static void setString(PreparedStatement ps, int index, String value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.VARCHAR);
    } else {
      ps.setString(index, value);
    }
  }

  private static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
    if (value == null) {
      ps.setNull(index, Types.BIGINT);
    } else {
      ps.setLong(index, value.toEpochMilli());
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
