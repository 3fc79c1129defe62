package io.tablewave.registry;

import static io.tablewave.registry.RegistryTables.BATCHES;
import static io.tablewave.registry.RegistryTables.BATCH_TABLES;
import static io.tablewave.registry.RegistryTables.DEPENDENCIES;
import static io.tablewave.registry.RegistryTables.KAFKA_OFFSETS;
import static io.tablewave.registry.RegistryTables.TABLES;
import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.store.Retry;
import io.tablewave.store.TransientStoreErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Persists the registry in the store's registry schema, so that it lives beside the tables it
 * describes. Identifiers are unquoted so that the same SQL runs on DuckDB, H2 and PostgreSQL; times
 * are epoch milliseconds. Callers serialize writes.
 */
public final class RegistryRepository {
  private static final Logger LOG = LoggerFactory.getLogger(RegistryRepository.class);
  private static final Retry.Policy ABORTED_TRANSACTION_RETRY =
      new Retry.Policy(10, Duration.ofMillis(25), Duration.ofSeconds(1));

  /** Rows per INSERT: PostgreSQL takes at most 32,767 parameters in a statement. */
  private static final int ROWS_PER_INSERT = 500;

  private final DataSource dataSource;
  private final String schema;

  /**
   * The connection registry transactions are written on; null until the first, or after a failure.
   */
  private volatile KeptConnection writes;

  /** Whether a transaction is being written on {@link #writes}. */
  private volatile boolean writing;

  public RegistryRepository(DataSource dataSource, String schema) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.schema = requireNonNull(schema, "schema is null");
  }

  /** Creates the registry schema and tables when they do not exist yet. */
  public void initialize() {
    run(
        connection -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
            for (RegistryTable<?> table :
                List.of(TABLES, DEPENDENCIES, BATCHES, BATCH_TABLES, KAFKA_OFFSETS)) {
              statement.execute(table.createSql(schema));
            }
          }
        });
  }

  public RegistrySnapshot load() {
    return read(
        connection ->
            new RegistrySnapshot(
                readAll(connection, TABLES),
                readAll(connection, DEPENDENCIES),
                readAll(connection, BATCHES),
                readAll(connection, BATCH_TABLES),
                readAll(connection, KAFKA_OFFSETS)));
  }

  private <T extends Record> List<T> readAll(Connection connection, RegistryTable<T> table)
      throws SQLException {
    List<T> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(table.selectSql(schema))) {
      while (rs.next()) {
        rows.add(table.read(rs));
      }
    }
    return rows;
  }

  /**
   * Applies the changes of registry transitions, in order, in one store transaction. Rows the store
   * holds are updated in place and new ones inserted. A transaction the store aborted is applied
   * again on another connection, after a pause: DuckDB aborts a write to a row ("TransactionContext
   * Error: Failed to commit: write-write conflict on key") while an older transaction that may
   * still see the row is active, such as a long load being rolled back. Applying a change twice
   * leaves the same rows.
   */
  void apply(List<RegistryChange> changes) {
    apply(changes, List.of());
  }

  /**
   * Applies the changes as {@link #apply(List)} does, after running {@code works} on the same
   * connection in the same transaction: the store work and the registry rows commit together.
   */
  void apply(List<RegistryChange> changes, List<InSameTransaction> works) {
    List<RegistryChange> nonEmpty = changes.stream().filter(c -> !c.isEmpty()).toList();
    if (nonEmpty.isEmpty() && works.isEmpty()) {
      return;
    }
    try {
      Retry.run(
          ABORTED_TRANSACTION_RETRY,
          AbortedTransaction.class::isInstance,
          Retry.Pause.SLEEP,
          (attempt, pause, aborted) ->
              LOG.warn(
                  "registry transaction aborted by the store, applying it again on"
                      + " another connection in {} ms (attempt {}): {}",
                  pause.toMillis(),
                  attempt,
                  aborted.getCause().getMessage()),
          () -> {
            applyOnce(nonEmpty, works);
            return null;
          });
    } catch (Retry.GaveUp gaveUp) {
      if (gaveUp.failure() instanceof AbortedTransaction aborted) {
        throw new TablewaveException(
            ErrorCode.STORE_UNAVAILABLE,
            "the registry could not be written in the"
                + " store (schema "
                + schema
                + "): "
                + aborted.getCause().getMessage(),
            aborted.getCause());
      }
      throw (RuntimeException) gaveUp.failure();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TablewaveException(
          ErrorCode.STORE_UNAVAILABLE, "interrupted while writing the registry", e);
    }
  }

  /**
   * One attempt on the kept write connection. Any store failure gives the connection up, so that
   * the next transaction starts on a fresh one.
   */
  private synchronized void applyOnce(List<RegistryChange> changes, List<InSameTransaction> works) {
    KeptConnection kept = writeConnection();
    Connection connection = kept.connection();
    SQLException aborted = null;
    writing = true;
    try {
      connection.setAutoCommit(false);
      try {
        for (InSameTransaction work : works) {
          work.run(kept);
        }
        for (RegistryChange one : changes) {
          writeRows(kept, one);
        }
        connection.commit();
      } catch (SQLException e) {
        rollbackQuietly(connection, e);
        if (!TransientStoreErrors.isTransactionConflict(e)) {
          throw e;
        }
        aborted = e;
      } catch (RuntimeException e) {
        rollbackQuietly(connection, e);
        try {
          connection.setAutoCommit(true);
        } catch (SQLException restoreFailure) {
          e.addSuppressed(restoreFailure);
          giveUp(e);
        }
        throw e;
      }
      try {
        connection.setAutoCommit(true);
      } catch (SQLException e) {
        // DuckDB reports an aborted transaction here too, when leaving manual commit.
        if (!TransientStoreErrors.isTransactionConflict(e)) {
          throw e;
        }
        aborted = aborted == null ? e : aborted;
      }
    } catch (SQLException e) {
      giveUp(e);
      throw writeFailure(e);
    } finally {
      writing = false;
    }
    if (aborted != null) {
      giveUp(aborted);
      throw new AbortedTransaction(aborted);
    }
  }

  /** The kept write connection, opened now if there is none. */
  private KeptConnection writeConnection() {
    if (writes == null) {
      try {
        writes = new KeptConnection(dataSource.getConnection());
      } catch (SQLException e) {
        throw writeFailure(e);
      }
    }
    return writes;
  }

  private TablewaveException writeFailure(SQLException e) {
    return new TablewaveException(
        ErrorCode.STORE_UNAVAILABLE,
        "the registry could not be written in the store (schema " + schema + "): " + e.getMessage(),
        e);
  }

  /** Closes the kept write connection after {@code failure}, out of the pool. */
  private void giveUp(Exception failure) {
    KeptConnection kept = writes;
    writes = null;
    if (dataSource instanceof HikariDataSource pool) {
      pool.evictConnection(kept.connection());
    }
    try {
      kept.close();
    } catch (SQLException closeFailure) {
      failure.addSuppressed(closeFailure);
    }
  }

  /**
   * Whether the registry holds a store connection between its transactions, kept for the next one:
   * the store's pool counts it as in use though nothing runs on it.
   */
  public boolean holdsIdleConnection() {
    return writes != null && !writing;
  }

  /** Closes the kept write connection, if any; a later write opens another. */
  public synchronized void close() {
    if (writes != null) {
      KeptConnection kept = writes;
      writes = null;
      try {
        kept.close();
      } catch (SQLException e) {
        LOG.warn("the registry's write connection did not close cleanly: {}", e.getMessage(), e);
      }
    }
  }

  private void writeRows(KeptConnection statements, RegistryChange change) throws SQLException {
    for (String table : change.deletedTables()) {
      delete(statements, TABLES, table);
      delete(statements, DEPENDENCIES, table);
      delete(statements, KAFKA_OFFSETS, table);
    }
    write(statements, TABLES, change.tables());
    replace(statements, DEPENDENCIES, change.replacedDependencies());
    replace(statements, KAFKA_OFFSETS, change.replacedOffsets());
    write(statements, BATCHES, change.batches());
    write(statements, BATCH_TABLES, change.batchTables());
    for (long batchId : change.deletedBatches()) {
      delete(statements, BATCH_TABLES, batchId);
      delete(statements, BATCHES, batchId);
    }
  }

  /** Deletes the stored rows of each table replaced, then inserts the rows replacing them. */
  private <T extends Record> void replace(
      KeptConnection statements,
      RegistryTable<T> table,
      Map<String, RegistryChange.Replaced<T>> replaced)
      throws SQLException {
    for (var entry : replaced.entrySet()) {
      if (entry.getValue().stored()) {
        delete(statements, table, entry.getKey());
      }
    }
    insert(statements, table, replaced.values().stream().flatMap(r -> r.rows().stream()).toList());
  }

  /** Inserts new rows; updates stored ones in place, or inserts those the store does not hold. */
  private <T extends Record> void write(
      KeptConnection statements, RegistryTable<T> table, Collection<RegistryChange.Written<T>> rows)
      throws SQLException {
    List<T> inserted = new ArrayList<>();
    for (RegistryChange.Written<T> row : rows) {
      if (row.isNew()) {
        inserted.add(row.row());
        continue;
      }
      PreparedStatement update = statements.prepared(table.updateSql(schema));
      table.bindUpdate(update, row.row());
      if (update.executeUpdate() == 0) {
        inserted.add(row.row());
      }
    }
    insert(statements, table, inserted);
  }

  /** Inserts rows a few hundred to a statement: a statement costs DuckDB about as much as a row. */
  private <T extends Record> void insert(
      KeptConnection statements, RegistryTable<T> table, List<T> rows) throws SQLException {
    for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
      List<T> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
      PreparedStatement insert = statements.prepared(table.insertSql(schema, chunk.size()));
      table.bindInsert(insert, chunk);
      insert.executeUpdate();
    }
  }

  /** Deletes the rows of a registry table whose first key column is {@code key}. */
  private void delete(KeptConnection statements, RegistryTable<?> table, String key)
      throws SQLException {
    PreparedStatement delete = statements.prepared(table.deleteSql(schema));
    delete.setString(1, key);
    delete.executeUpdate();
  }

  /** Deletes the rows of a registry table whose first key column, a number, is {@code key}. */
  private void delete(KeptConnection statements, RegistryTable<?> table, long key)
      throws SQLException {
    PreparedStatement delete = statements.prepared(table.deleteSql(schema));
    delete.setLong(1, key);
    delete.executeUpdate();
  }

  private static void rollbackQuietly(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException rollbackFailure) {
      failure.addSuppressed(rollbackFailure);
    }
  }

  /** A registry transaction the store aborted; safe to apply again. */
  private static final class AbortedTransaction extends RuntimeException {
    AbortedTransaction(SQLException cause) {
      super(cause);
    }
  }

  private interface ConnectionWork {
    void run(Connection connection) throws SQLException;
  }

  private interface ConnectionRead<T> {
    T read(Connection connection) throws SQLException;
  }

  private <T> T read(ConnectionRead<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      return work.read(connection);
    } catch (SQLException e) {
      throw new TablewaveException(
          ErrorCode.STORE_UNAVAILABLE,
          "the registry could not be read or written in the store (schema "
              + schema
              + "): "
              + e.getMessage(),
          e);
    }
  }

  private void run(ConnectionWork work) {
    read(
        connection -> {
          work.run(connection);
          return null;
        });
  }
}
