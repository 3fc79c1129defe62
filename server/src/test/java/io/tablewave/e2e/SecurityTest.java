package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.ServerProcess;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 8: with a users file every connection authenticates and roles are enforced on every
 * statement; HTTPS with a keystore; no non-loopback address without authentication; no secret in
 * any log line, message or system table.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityTest {
  private static final String LOADER_PASSWORD = "al1ce-Loads!";
  private static final String READER_PASSWORD = "b0b-Reads!";
  private static final String KEYSTORE_PASSWORD = "keyst0re-Secret";

  @TempDir static Path directory;
  private Path usersFile;
  private TestServer server;

  @BeforeAll
  void start() throws Exception {
    usersFile = directory.resolve("users.properties");
    Files.writeString(
        usersFile,
        """
        # who may connect
        alice: %s, loader
        bob: %s, reader
        """
            .formatted(LOADER_PASSWORD, READER_PASSWORD));
    server =
        TestServer.start(TestStore.DUCKDB, Map.of(ServerOption.USERS_FILE, usersFile.toString()));
  }

  @AfterAll
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private Connection connect(String url, String user, String password) throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(url, properties);
  }

  @Test
  void missingOrWrongCredentialsAreRefused() {
    assertThatThrownBy(() -> connect(server.url(), null, null).close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("user")
        .hasMessageContaining("password");
    assertThatThrownBy(() -> connect(server.url(), "alice", "not-her-password").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("user")
        .hasMessageNotContaining("not-her-password");
    assertThatThrownBy(() -> connect(server.url(), "mallory", LOADER_PASSWORD).close())
        .isInstanceOf(SQLException.class);
  }

  @Test
  void aLoaderLoadsAndAReaderOnlyReads() throws Exception {
    try (Connection alice = connect(server.url(), "alice", LOADER_PASSWORD);
        Connection bob = connect(server.url(), "bob", READER_PASSWORD)) {
      execute(alice, "CREATE TABLE secured AS SELECT * FROM (VALUES (1), (2)) AS t(x)");
      assertThat(scalarLong(bob, "SELECT SUM(x) FROM secured")).isEqualTo(3);
      assertThat(rows(bob, "EXPLAIN CREATE TABLE planned_only AS SELECT * FROM secured"))
          .hasSize(1);
      assertThat(rows(bob, "SELECT USER_NAME FROM SYS.BATCHES ORDER BY BATCH_ID DESC LIMIT 1"))
          .containsExactly(List.of("alice"));
      for (String forbidden :
          List.of(
              "CREATE TABLE bobs AS SELECT * FROM secured",
              "DROP TABLE secured",
              "CANCEL BATCH 1",
              "CREATE OR REPLACE TABLE secured AS SELECT 0 AS x")) {
        assertThatThrownBy(() -> execute(bob, forbidden))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("user bob has role reader")
            .hasMessageContaining("needs role loader")
            .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
      }
      assertThat(scalarLong(alice, "SELECT SUM(x) FROM secured"))
          .as("nothing changed")
          .isEqualTo(3);
      assertThat(rows(alice, "SELECT * FROM SYS.TABLES WHERE TABLE_NAME = 'BOBS'")).isEmpty();
    }
  }

  @Test
  void aUsersFileWithABadLineIsRefusedNamingTheLine() throws Exception {
    Path bad = directory.resolve("bad-users.properties");
    Files.writeString(bad, "alice: secret, loader\ncarol: secret, admin\n");
    assertThatThrownBy(
            () ->
                TestServer.start(TestStore.DUCKDB, Map.of(ServerOption.USERS_FILE, bad.toString())))
        .hasMessageContaining(bad + " line 2")
        .hasMessageContaining("unknown role 'admin'")
        .hasMessageNotContaining("secret");
  }

  @Test
  void aNonLoopbackAddressNeedsAuthenticationOrInsecure() throws Exception {
    assertThatThrownBy(
            () -> TestServer.start(TestStore.DUCKDB, Map.of(ServerOption.BIND, "0.0.0.0")))
        .hasMessageContaining("refusing to listen on 0.0.0.0 without authentication");
    try (TestServer open =
            TestServer.start(
                TestStore.DUCKDB,
                Map.of(ServerOption.BIND, "0.0.0.0", ServerOption.INSECURE, "true"));
        Connection connection = open.connect()) {
      assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES")).isZero();
    }
    try (TestServer authenticated =
            TestServer.start(
                TestStore.DUCKDB,
                Map.of(
                    ServerOption.BIND, "0.0.0.0", ServerOption.USERS_FILE, usersFile.toString()));
        Connection connection = connect(authenticated.url(), "bob", READER_PASSWORD)) {
      assertThat(scalarLong(connection, "SELECT COUNT(*) FROM SYS.TABLES")).isZero();
    }
  }

  @Test
  void httpsWithAKeystoreAndNoSecretInLogsMessagesOrSystemTables() throws Exception {
    Path keystore = directory.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "tablewave",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "2",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                KEYSTORE_PASSWORD,
                "-keypass",
                KEYSTORE_PASSWORD)
            .redirectErrorStream(true)
            .start();
    String keytoolOutput = new String(keytool.getInputStream().readAllBytes());
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(keytoolOutput).isZero();

    try (ServerProcess process =
        ServerProcess.start(
            List.of("-Xmx256m"),
            directory.resolve("tls-data"),
            List.of(
                "--users-file",
                usersFile.toString(),
                "--tls-keystore",
                keystore.toString(),
                "--tls-keystore-password",
                KEYSTORE_PASSWORD,
                "--store-password",
                "st0re-Secret"))) {
      String url =
          process.url()
              + ";tls=true;truststore="
              + keystore
              + ";truststore_password="
              + KEYSTORE_PASSWORD;
      assertThatThrownBy(() -> connect(url, "alice", "wrong-" + LOADER_PASSWORD).close())
          .isInstanceOf(SQLException.class)
          .hasMessageNotContaining(LOADER_PASSWORD);
      try (Connection alice = connect(url, "alice", LOADER_PASSWORD)) {
        execute(alice, "CREATE TABLE over_tls WITH ('note' = 'no secrets here') AS SELECT 1 AS x");
        execute(
            alice,
            "CREATE TABLE with_secrets WITH ('kafka.ssl.truststore.password' = 'trust-S3cret',"
                + " 'api_token' = 'tok''S3cret', 'owner' = 'finance') AS SELECT 1 AS x");
        assertThat(
                rows(
                    alice,
                    "SELECT PROPERTIES, SQL_TEXT FROM SYS.TABLES WHERE TABLE_NAME = 'WITH_SECRETS'"))
            .singleElement()
            .asString()
            .contains("\"kafka.ssl.truststore.password\":\"******\"")
            .contains("'api_token' = '******'")
            .contains("finance");
        assertThatThrownBy(() -> execute(alice, "CREATE TABLE broken AS SELECT * FROM nowhere"))
            .isInstanceOf(SQLException.class);
        String everything =
            rows(alice, "SELECT * FROM SYS.SERVER")
                + " "
                + rows(alice, "SELECT * FROM SYS.TABLES")
                + " "
                + rows(alice, "SELECT * FROM SYS.BATCHES")
                + " "
                + rows(alice, "SELECT * FROM SYS.BATCH_TABLES");
        for (String secret :
            List.of(
                LOADER_PASSWORD,
                READER_PASSWORD,
                KEYSTORE_PASSWORD,
                "st0re-Secret",
                "trust-S3cret",
                "S3cret")) {
          assertThat(everything).doesNotContain(secret);
        }
      }
      String log = process.output();
      assertThat(log).contains("Tablewave is ready");
      for (String secret :
          List.of(
              LOADER_PASSWORD,
              READER_PASSWORD,
              KEYSTORE_PASSWORD,
              "st0re-Secret",
              "trust-S3cret",
              "S3cret")) {
        assertThat(log).as("the server's output holds no secret").doesNotContain(secret);
      }
    }
  }
}
