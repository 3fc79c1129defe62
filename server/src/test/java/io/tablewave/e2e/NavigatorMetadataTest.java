package io.tablewave.e2e;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;

import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** The metadata calls a JDBC tool's navigator makes first: product, schemas, tables, columns. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NavigatorMetadataTest {
  private TestServer server;
  private Connection connection;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(TestStore.DUCKDB);
    connection = server.connect();
    executeBatch(connection,
        "CREATE TABLE nav_orders AS SELECT * FROM (VALUES (1, 'a', 2.5), (2, 'b', 4.0)) AS t(id, name, amount)",
        "CREATE TABLE nav_total AS SELECT SUM(amount) AS total FROM nav_orders");
  }

  @AfterAll
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
  }

  private static List<String> column(ResultSet rs, String label) throws SQLException {
    List<String> values = new ArrayList<>();
    try (rs) {
      while (rs.next()) {
        values.add(rs.getString(label));
      }
    }
    return values;
  }

  @Test
  void productAndSchemas() throws Exception {
    DatabaseMetaData metaData = connection.getMetaData();
    assertThat(metaData.getDatabaseProductName()).isEqualTo("Tablewave");
    assertThat(metaData.supportsTransactions()).isTrue();
    assertThat(column(metaData.getSchemas(), "TABLE_SCHEM")).containsExactlyInAnyOrder("PUBLIC", "SYS",
        "INFORMATION_SCHEMA");
  }

  @Test
  void tablesOfEachSchemaWithTheirTypes() throws Exception {
    DatabaseMetaData metaData = connection.getMetaData();
    assertThat(column(metaData.getTables(null, "PUBLIC", "%", null), "TABLE_NAME"))
        .contains("NAV_ORDERS", "NAV_TOTAL")
        .allMatch(name -> !name.contains("__tw"), "no physical or staging table shows");
    assertThat(column(metaData.getTables(null, "PUBLIC", "NAV_ORDERS", null), "TABLE_TYPE")).containsExactly("TABLE");
    assertThat(column(metaData.getTables(null, "SYS", "%", null), "TABLE_NAME"))
        .contains("TABLES", "DEPENDENCIES", "BATCHES", "BATCH_TABLES", "WAVES", "PROGRESS", "KAFKA_OFFSETS", "SERVER");
    assertThat(column(metaData.getTables(null, "SYS", "BATCHES", null), "TABLE_TYPE"))
        .containsExactly("SYSTEM TABLE");
  }

  @Test
  void columnsWithJdbcTypesMatchingTheResultSets() throws Exception {
    DatabaseMetaData metaData = connection.getMetaData();
    List<String> names = new ArrayList<>();
    List<String> typeNames = new ArrayList<>();
    try (ResultSet rs = metaData.getColumns(null, "PUBLIC", "NAV_ORDERS", "%")) {
      while (rs.next()) {
        names.add(rs.getString("COLUMN_NAME"));
        typeNames.add(rs.getString("TYPE_NAME"));
        assertThat(rs.getInt("ORDINAL_POSITION")).isEqualTo(names.size());
      }
    }
    assertThat(names).containsExactly("ID", "NAME", "AMOUNT");
    try (Statement statement = connection.createStatement();
         ResultSet rs = statement.executeQuery("SELECT * FROM nav_orders")) {
      ResultSetMetaData resultMetaData = rs.getMetaData();
      for (int i = 1; i <= resultMetaData.getColumnCount(); i++) {
        assertThat(resultMetaData.getColumnName(i)).isEqualTo(names.get(i - 1));
      }
    }
    assertThat(rows(connection, "SELECT COLUMN_NAME, ORDINAL_POSITION FROM INFORMATION_SCHEMA.COLUMNS"
        + " WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'NAV_ORDERS' ORDER BY ORDINAL_POSITION"))
        .containsExactly(List.of("ID", 1), List.of("NAME", 2), List.of("AMOUNT", 3));
    assertThat(typeNames).hasSize(3).doesNotContainNull();
  }

  @Test
  void maxRowsCapsAQuery() throws Exception {
    try (Statement statement = connection.createStatement()) {
      statement.setMaxRows(1);
      try (ResultSet rs = statement.executeQuery("SELECT * FROM nav_orders")) {
        int count = 0;
        while (rs.next()) {
          count++;
        }
        assertThat(count).isEqualTo(1);
      }
    }
  }
}
