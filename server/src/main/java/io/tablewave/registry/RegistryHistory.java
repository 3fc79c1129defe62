package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import javax.sql.DataSource;

/**
 * A registry table that holds a history: rows are only added, numbered by their first column, and
 * kept within a retention of a number of rows and an age; older rows are deleted from the store and
 * from memory as new ones come. Reads answer from memory.
 */
public final class RegistryHistory<T extends Record> {
  private final RegistryTable<T> table;
  private final DataSource dataSource;
  private final String schema;
  private final Retention retention;
  private final Clock clock;
  private final ToLongFunction<T> id;
  private final Function<T, Instant> time;
  private final BiFunction<T, Long, T> numbered;
  private final Deque<T> rows = new ArrayDeque<>();
  private long lastId;

  /**
   * How much history is kept.
   *
   * @param rows the most rows kept
   * @param age how old the oldest row kept may be
   */
  public record Retention(int rows, Duration age) {
    public Retention {
      if (rows < 1) {
        throw new IllegalArgumentException("rows must be positive: " + rows);
      }
      requireNonNull(age, "age is null");
      if (age.isNegative() || age.isZero()) {
        throw new IllegalArgumentException("age must be positive: " + age);
      }
    }
  }

  /**
   * @param id a row's number, its first column
   * @param time when a row happened, for the age retention
   * @param numbered the row given a number
   */
  public RegistryHistory(
      RegistryTable<T> table,
      DataSource dataSource,
      String registrySchema,
      Retention retention,
      Clock clock,
      ToLongFunction<T> id,
      Function<T, Instant> time,
      BiFunction<T, Long, T> numbered) {
    this.table = requireNonNull(table, "table is null");
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.schema = requireNonNull(registrySchema, "registrySchema is null");
    this.retention = requireNonNull(retention, "retention is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.id = requireNonNull(id, "id is null");
    this.time = requireNonNull(time, "time is null");
    this.numbered = requireNonNull(numbered, "numbered is null");
  }

  /** Creates the table when needed and reads what the retention keeps; call once at start. */
  public synchronized void open() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(table.createSql(schema));
      for (String addColumn : table.addNullableColumnsSql(schema)) {
        statement.execute(addColumn);
      }
      try (ResultSet rs = statement.executeQuery(table.selectSql(schema))) {
        while (rs.next()) {
          rows.addLast(table.read(rs));
        }
      }
    } catch (SQLException e) {
      throw failure("read", e);
    }
    List<T> sorted = rows.stream().sorted(Comparator.comparingLong(id)).toList();
    rows.clear();
    rows.addAll(sorted);
    rows.stream().mapToLong(id).max().ifPresent(max -> lastId = max);
    trim();
  }

  /** The rows kept, oldest first. */
  public synchronized List<T> rows() {
    return List.copyOf(rows);
  }

  /** The highest number a row was given, 0 before the first. */
  public synchronized long lastId() {
    return lastId;
  }

  /** Adds rows under the next numbers, then removes those beyond the retention. */
  public void add(List<T> added) {
    if (added.isEmpty()) {
      return;
    }
    Addition addition = prepare(added);
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert = connection.prepareStatement(addition.insertSql())) {
      addition.insert(insert);
    } catch (SQLException e) {
      throw failure("write", e);
    }
    addition.committed();
  }

  /**
   * Numbers rows to be added in a transaction of the caller's: {@link Addition#write} them in it,
   * and call {@link Addition#committed} once it committed. Numbers of an addition whose transaction
   * rolled back are not given again.
   */
  public synchronized Addition prepare(List<T> added) {
    return new Addition(added.stream().map(row -> numbered.apply(row, ++lastId)).toList());
  }

  /** Rows numbered for a transaction of the caller's. */
  public final class Addition {
    private final List<T> rowsToAdd;

    private Addition(List<T> rowsToAdd) {
      this.rowsToAdd = List.copyOf(rowsToAdd);
    }

    /** Inserts the rows in {@code transaction}. */
    public void write(RegistryTransaction transaction) throws SQLException {
      if (rowsToAdd.isEmpty()) {
        return;
      }
      insert(transaction.prepared(insertSql()));
    }

    private String insertSql() {
      return table.insertSql(schema, rowsToAdd.size());
    }

    private void insert(PreparedStatement insert) throws SQLException {
      table.bindInsert(insert, rowsToAdd);
      insert.executeUpdate();
    }

    /** Takes the rows in once their transaction committed, and applies the retention. */
    public void committed() {
      synchronized (RegistryHistory.this) {
        for (T row : rowsToAdd) {
          if (rows.isEmpty() || id.applyAsLong(rows.peekLast()) < id.applyAsLong(row)) {
            rows.addLast(row);
          } else {
            // Another transaction with a higher number committed first: the row goes before the
            // few rows it committed (sorting every row kept took a seventh of the workers' time in
            // batches of a thousand tables).
            Deque<T> later = new ArrayDeque<>();
            while (!rows.isEmpty() && id.applyAsLong(rows.peekLast()) > id.applyAsLong(row)) {
              later.push(rows.pollLast());
            }
            rows.addLast(row);
            rows.addAll(later);
          }
        }
        trim();
      }
    }
  }

  /** Deletes the oldest rows beyond the retention, in the store and in memory. */
  private void trim() {
    Instant oldestKept = clock.instant().minus(retention.age());
    long deleteUpTo = -1;
    while (!rows.isEmpty()
        && (rows.size() > retention.rows() || time.apply(rows.peekFirst()).isBefore(oldestKept))) {
      deleteUpTo = id.applyAsLong(rows.removeFirst());
    }
    if (deleteUpTo < 0) {
      return;
    }
    try (Connection connection = dataSource.getConnection();
        PreparedStatement delete = connection.prepareStatement(table.deleteUpToSql(schema))) {
      delete.setLong(1, deleteUpTo);
      delete.executeUpdate();
    } catch (SQLException e) {
      throw failure("trim", e);
    }
  }

  private TablewaveException failure(String what, SQLException e) {
    return new TablewaveException(
        ErrorCode.STORE_UNAVAILABLE,
        "cannot "
            + what
            + " "
            + table.name()
            + " (SYS."
            + table.systemName()
            + ") in the store's registry schema "
            + schema
            + ": "
            + e.getMessage(),
        e);
  }
}
