package io.tablewave.refresh;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import javax.sql.DataSource;

/**
 * The history of refreshes, one {@link RefreshRecord} per table per batch, kept in memory and in
 * the store's registry schema ({@code tw_refreshes}). It is bounded: beyond {@code capacity}
 * records the oldest are removed, so frequent refreshes cannot grow it without end.
 */
public final class RefreshLog {
  private static final String TABLE = "tw_refreshes";

  private final DataSource dataSource;
  private final String schema;
  private final int capacity;
  private final Deque<RefreshRecord> records = new ArrayDeque<>();
  private long lastId;

  public RefreshLog(DataSource dataSource, String registrySchema, int capacity) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.schema = requireNonNull(registrySchema, "registrySchema is null");
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Creates the table when needed and reads it; call once at start. */
  public synchronized void open() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + schema
              + "."
              + TABLE
              + " (REFRESH_ID BIGINT NOT NULL PRIMARY"
              + " KEY, TABLE_NAME VARCHAR(512) NOT NULL, BATCH_ID BIGINT NOT NULL, MODE VARCHAR(32) NOT NULL,"
              + " STARTED_AT BIGINT, FINISHED_AT BIGINT NOT NULL, ROWS_APPENDED BIGINT NOT NULL,"
              + " STATUS VARCHAR(32) NOT NULL, ERROR_MESSAGE VARCHAR(10000),"
              + " OFFSET_RANGES VARCHAR(100000))");
      // Kept by a server of a version that did not record offset ranges.
      statement.execute(
          "ALTER TABLE "
              + schema
              + "."
              + TABLE
              + " ADD COLUMN IF NOT EXISTS OFFSET_RANGES VARCHAR(100000)");
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT REFRESH_ID, TABLE_NAME, BATCH_ID, MODE, STARTED_AT,"
                  + " FINISHED_AT, ROWS_APPENDED, STATUS, ERROR_MESSAGE, OFFSET_RANGES FROM "
                  + schema
                  + "."
                  + TABLE
                  + " ORDER BY REFRESH_ID")) {
        while (rs.next()) {
          lastId = rs.getLong(1);
          long started = rs.getLong(5);
          Instant startedAt = rs.wasNull() ? null : Instant.ofEpochMilli(started);
          records.addLast(
              new RefreshRecord(
                  rs.getString(2),
                  rs.getLong(3),
                  rs.getString(4),
                  startedAt,
                  Instant.ofEpochMilli(rs.getLong(6)),
                  rs.getLong(7),
                  rs.getString(8),
                  rs.getString(9),
                  rs.getString(10)));
        }
      }
    } catch (SQLException e) {
      throw new TablewaveException(
          ErrorCode.STORE_UNAVAILABLE,
          "cannot read the refresh history from the store"
              + " (schema "
              + schema
              + "): "
              + e.getMessage(),
          e);
    }
    while (records.size() > capacity) {
      records.removeFirst();
    }
  }

  /** The records, oldest first. */
  public synchronized List<RefreshRecord> records() {
    return List.copyOf(records);
  }

  /** Adds a record, removing the oldest beyond the capacity. */
  public synchronized void add(RefreshRecord record) {
    long id = lastId + 1;
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO "
                    + schema
                    + "."
                    + TABLE
                    + " (REFRESH_ID, TABLE_NAME, BATCH_ID, MODE, STARTED_AT, FINISHED_AT, ROWS_APPENDED, STATUS,"
                    + " ERROR_MESSAGE, OFFSET_RANGES) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        PreparedStatement trim =
            connection.prepareStatement(
                "DELETE FROM " + schema + "." + TABLE + " WHERE REFRESH_ID <= ?")) {
      insert.setLong(1, id);
      insert.setString(2, record.tableName());
      insert.setLong(3, record.batchId());
      insert.setString(4, record.mode());
      if (record.startedAt() == null) {
        insert.setNull(5, Types.BIGINT);
      } else {
        insert.setLong(5, record.startedAt().toEpochMilli());
      }
      insert.setLong(6, record.finishedAt().toEpochMilli());
      insert.setLong(7, record.rowsAppended());
      insert.setString(8, record.status());
      insert.setString(9, record.errorMessage());
      insert.setString(10, record.offsetRanges());
      insert.executeUpdate();
      if (id > capacity) {
        trim.setLong(1, id - capacity);
        trim.executeUpdate();
      }
    } catch (SQLException e) {
      throw new TablewaveException(
          ErrorCode.STORE_UNAVAILABLE,
          "cannot record the refresh of table "
              + record.tableName()
              + " in batch "
              + record.batchId()
              + " in the store: "
              + e.getMessage(),
          e);
    }
    lastId = id;
    records.addLast(record);
    while (records.size() > capacity) {
      records.removeFirst();
    }
  }
}
