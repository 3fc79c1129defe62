package io.tablewave.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreFactoryTest {
  @TempDir Path dataDir;

  @Test
  void defaultStoreIsDuckDbFileInDataDirWithMemoryLimit() throws Exception {
    Path nested = dataDir.resolve("a/b");
    try (Store store = StoreFactory.open(new StoreSettings(null, null, null, nested, "512MB", 3))) {
      assertThat(store.kind()).isEqualTo(StoreKind.DUCKDB);
      assertThat(store.dataSchema()).isEqualTo("main");
      assertThat(store.registrySchema()).isEqualTo("tablewave_registry");
      try (Connection connection = store.dataSource().getConnection();
          Statement statement = connection.createStatement();
          ResultSet resultSet = statement.executeQuery("SELECT current_setting('memory_limit')")) {
        resultSet.next();
        assertThat(resultSet.getString(1))
            .matches("(488\\.2 MiB|512\\.0 MiB|512MB|500\\.0 MB|512\\.0 MB)");
      }
    }
    assertThat(Files.exists(nested.resolve(StoreFactory.DEFAULT_DUCKDB_FILE))).isTrue();
  }

  @Test
  void unsupportedUrlListsTheSupportedForms() {
    assertThatThrownBy(
            () ->
                StoreFactory.open(
                    StoreSettings.forUrl("jdbc:mysql://localhost/x", "u", "p", dataDir)))
        .isInstanceOf(TablewaveException.class)
        .satisfies(
            e ->
                assertThat(((TablewaveException) e).errorCode())
                    .isEqualTo(ErrorCode.INVALID_PROPERTY))
        .hasMessageContaining("jdbc:mysql://localhost/x")
        .hasMessageContaining("jdbc:duckdb:")
        .hasMessageContaining("jdbc:h2:")
        .hasMessageContaining("jdbc:postgresql:");
  }

  @Test
  void unnamedInMemoryDatabasesAreRejected() {
    assertThatThrownBy(
            () -> StoreFactory.open(StoreSettings.forUrl("jdbc:duckdb:", null, null, dataDir)))
        .hasMessageContaining("unnamed in-memory DuckDB");
    assertThatThrownBy(
            () -> StoreFactory.open(StoreSettings.forUrl("jdbc:h2:mem:", null, null, dataDir)))
        .hasMessageContaining("unnamed in-memory H2");
  }

  @Test
  void namedInMemoryStoresWork() {
    try (Store store =
        StoreFactory.open(
            StoreSettings.forUrl("jdbc:h2:mem:factory;DB_CLOSE_DELAY=-1", "sa", "", dataDir))) {
      assertThat(store.kind()).isEqualTo(StoreKind.H2);
      assertThat(store.listDataTables()).isEmpty();
    }
    try (Store store =
        StoreFactory.open(
            StoreSettings.forUrl("jdbc:duckdb::memory:factory", null, null, dataDir))) {
      store.createTableAs(
          "t",
          List.of(Column.of("x", ColumnType.INTEGER)),
          RawQuery.of("SELECT 1 AS x"),
          s -> Store.Watch.NONE);
      assertThat(store.listDataTables()).containsExactly("t");
    }
  }

  @Test
  void unreachableStoreNamesTheUrlButNotThePassword() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + port + "/db?password=secret1&connectTimeout=2";
    assertThatThrownBy(() -> StoreFactory.open(StoreSettings.forUrl(url, "u", "secret2", dataDir)))
        .isInstanceOf(TablewaveException.class)
        .satisfies(
            e ->
                assertThat(((TablewaveException) e).errorCode())
                    .isEqualTo(ErrorCode.STORE_UNAVAILABLE))
        .hasMessageContaining("127.0.0.1:" + port + "/db")
        .satisfies(
            e -> assertThat(e.getMessage()).doesNotContain("secret1").doesNotContain("secret2"));
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> new StoreSettings(null, null, null, dataDir, "2GB'; DROP", 4))
        .hasMessageContaining("not a size");
    assertThatThrownBy(() -> new StoreSettings(null, null, null, dataDir, null, 0))
        .hasMessageContaining("pool size");
    assertThat(
            new StoreSettings("jdbc:h2:mem:x;PASSWORD=hidden", "u", "pw", dataDir, null, 4)
                .toString())
        .doesNotContain("hidden")
        .doesNotContain("pw,");
  }
}
