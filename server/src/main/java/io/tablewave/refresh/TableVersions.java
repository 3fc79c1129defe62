package io.tablewave.refresh;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.registry.RegistryTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * The {@link TableVersion} of each table, kept in memory and in the store's registry schema ({@code
 * tw_table_versions}), so that a restarted server still knows what is up to date. A version is
 * written after its table was swapped in; a crash between the two leaves the old version, whose
 * load id no longer matches the table's, so the table is rebuilt: never wrongly up to date.
 */
public final class TableVersions {
  private static final String TABLE = "tw_table_versions";

  private final DataSource dataSource;
  private final String schema;
  private final Map<String, TableVersion> versions = new ConcurrentHashMap<>();

  public TableVersions(DataSource dataSource, String registrySchema) {
    this.dataSource = requireNonNull(dataSource, "dataSource is null");
    this.schema = requireNonNull(registrySchema, "registrySchema is null");
  }

  /** Creates the table when needed and reads it; call once at start, after the registry is open. */
  public void open() {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS "
              + schema
              + "."
              + TABLE
              + " (TABLE_NAME VARCHAR(512) NOT NULL"
              + " PRIMARY KEY, LOAD_BATCH_ID BIGINT NOT NULL, FINGERPRINT VARCHAR(128) NOT NULL,"
              + " DATA_VERSION VARCHAR(128) NOT NULL, REFRESH_MODE VARCHAR(32) NOT NULL, REFRESH_REASON VARCHAR(1000)"
              + " NOT NULL, TOPIC_IDS VARCHAR(10000) NOT NULL)");
      try (ResultSet rs =
          statement.executeQuery(
              "SELECT TABLE_NAME, LOAD_BATCH_ID, FINGERPRINT, DATA_VERSION,"
                  + " REFRESH_MODE, REFRESH_REASON, TOPIC_IDS FROM "
                  + schema
                  + "."
                  + TABLE)) {
        while (rs.next()) {
          TableVersion version =
              new TableVersion(
                  rs.getString(1),
                  rs.getLong(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  topicIds(rs.getString(7)));
          versions.put(key(version.tableName()), version);
        }
      }
    } catch (SQLException e) {
      throw new TablewaveException(
          ErrorCode.STORE_UNAVAILABLE,
          "cannot read the table versions from the store"
              + " (schema "
              + schema
              + "): "
              + e.getMessage(),
          e);
    }
  }

  public Optional<TableVersion> version(String table) {
    return Optional.ofNullable(versions.get(key(table)));
  }

  /**
   * Writes {@code version} in {@code transaction}, without committing; call {@link #remember} once
   * the transaction committed. A table with no version in memory has none in the store either, as
   * every version written was remembered: its row is inserted without trying an update first.
   */
  public void write(RegistryTransaction transaction, TableVersion version) throws SQLException {
    if (versions.containsKey(key(version.tableName()))) {
      PreparedStatement update =
          transaction.prepared(
              "UPDATE "
                  + schema
                  + "."
                  + TABLE
                  + " SET LOAD_BATCH_ID = ?, FINGERPRINT = ?, DATA_VERSION = ?, REFRESH_MODE = ?,"
                  + " REFRESH_REASON = ?, TOPIC_IDS = ? WHERE TABLE_NAME = ?");
      bind(update, version);
      if (update.executeUpdate() > 0) {
        return;
      }
    }
    PreparedStatement insert =
        transaction.prepared(
            "INSERT INTO "
                + schema
                + "."
                + TABLE
                + " (LOAD_BATCH_ID, FINGERPRINT, DATA_VERSION, REFRESH_MODE, REFRESH_REASON,"
                + " TOPIC_IDS, TABLE_NAME) VALUES (?, ?, ?, ?, ?, ?, ?)");
    bind(insert, version);
    insert.executeUpdate();
  }

  /** Binds the version's columns in the order both statements of {@link #write} name them. */
  private static void bind(PreparedStatement statement, TableVersion version) throws SQLException {
    statement.setLong(1, version.loadBatchId());
    statement.setString(2, version.fingerprint());
    statement.setString(3, version.dataVersion());
    statement.setString(4, version.refreshMode());
    statement.setString(5, version.refreshReason());
    statement.setString(6, topicIdsText(version.topicIds()));
    statement.setString(7, version.tableName());
  }

  /** Takes in a version that {@link #write} wrote in a transaction that has committed. */
  public void remember(TableVersion version) {
    versions.put(key(version.tableName()), version);
  }

  /** Topic ids as lines of {@code topic<TAB>id}: a topic name holds neither tab nor line break. */
  private static String topicIdsText(Map<String, String> topicIds) {
    StringBuilder text = new StringBuilder();
    topicIds.forEach((topic, id) -> text.append(topic).append('\t').append(id).append('\n'));
    return text.toString();
  }

  private static Map<String, String> topicIds(String text) {
    Map<String, String> ids = new TreeMap<>();
    for (String line : text.split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        ids.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    return ids;
  }

  private static String key(String table) {
    // upper case, as the registry holds names: the name itself, whose hash is kept, rather than a
    // new string to hash for every row of SYS.TABLES
    return table.toUpperCase(Locale.ROOT);
  }
}
