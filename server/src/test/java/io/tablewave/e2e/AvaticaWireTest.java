package io.tablewave.e2e;

import static io.tablewave.testing.Sql.createDigits;
import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.numbersFrom;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Results reach every Avatica client alike: the server writes result frames itself and the
 * Tablewave driver reads them itself, so a large result of every common type is read over many
 * frames by Avatica's own remote driver (as a generic Avatica setup in DBeaver would) and by the
 * Tablewave driver, and must read the same.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AvaticaWireTest {
  private static final int ROWS = 2_345;
  private static final String QUERY = "SELECT * FROM wire_types ORDER BY id";

  private TestServer server;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(TestStore.DUCKDB);
    try (Connection connection = server.connect()) {
      createDigits(connection, "wire_digits");
      execute(
          connection,
          "CREATE TABLE wire_types AS SELECT id,"
              + " CAST(id - 1000 AS INTEGER) AS small,"
              + " CAST(id AS BIGINT) * 1000000007 - 5000000000 AS big,"
              + " CAST(id AS DOUBLE PRECISION) / 7 - 100 AS ratio,"
              + " CAST(id AS DECIMAL(12, 2)) / 4 AS exact,"
              + " CASE WHEN MOD(id, 3) = 0 THEN NULL ELSE 'r\u00e9sum\u00e9 \u4e16\u754c #' || CAST(id AS VARCHAR(10)) END AS label,"
              + " MOD(id, 2) = 0 AS even,"
              + " DATE '2026-01-01' + CAST(MOD(id, 400) AS INTEGER) * INTERVAL '1' DAY AS sold_on,"
              + " TIMESTAMP '2026-01-01 00:00:00' + CAST(id AS INTEGER) * INTERVAL '1' MINUTE AS seen_at"
              + " FROM "
              + numbersFrom("wire_digits")
              + " WHERE id < "
              + ROWS);
    }
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void avaticasOwnDriverAndTablewavesReadTheSameRows() throws Exception {
    List<List<String>> ours;
    try (Connection connection = server.connect()) {
      ours = read(connection, 0);
    }
    List<List<String>> avatica;
    String url =
        "jdbc:avatica:remote:url="
            + server.url().replace("jdbc:tablewave://", "http://")
            + ";serialization=protobuf";
    try (Connection connection =
        new org.apache.calcite.avatica.remote.Driver().connect(url, new Properties())) {
      avatica = read(connection, 0);
    }

    assertThat(ours).hasSize(ROWS);
    assertThat(avatica).isEqualTo(ours);
    assertThat(ours.get(1))
        .containsExactly(
            "1",
            "-999",
            "-3999999993",
            String.valueOf(1.0 / 7 - 100),
            "0.250000",
            "r\u00e9sum\u00e9 \u4e16\u754c #1",
            "false",
            "2026-01-02",
            "2026-01-01 00:01:00.0");
    assertThat(ours.get(3).get(5)).isNull();
  }

  @Test
  void everyFetchSizeReadsTheSameRows() throws Exception {
    try (Connection connection = server.connect()) {
      List<List<String>> whole = read(connection, ROWS + 1);
      assertThat(whole).hasSize(ROWS);
      for (int fetchSize : new int[] {1, 7, 100, 1000}) {
        assertThat(read(connection, fetchSize)).as("fetch size %d", fetchSize).isEqualTo(whole);
      }
    }
  }

  /** Every row as the strings of its values; {@code fetchSize} 0 keeps the connection's. */
  private static List<List<String>> read(Connection connection, int fetchSize) throws Exception {
    List<List<String>> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      if (fetchSize > 0) {
        statement.setFetchSize(fetchSize);
      }
      try (ResultSet resultSet = statement.executeQuery(QUERY)) {
        ResultSetMetaData metaData = resultSet.getMetaData();
        while (resultSet.next()) {
          List<String> row = new ArrayList<>();
          for (int i = 1; i <= metaData.getColumnCount(); i++) {
            Object value = resultSet.getObject(i);
            row.add(value == null ? null : value.toString());
          }
          rows.add(row);
        }
      }
    }
    return rows;
  }
}
