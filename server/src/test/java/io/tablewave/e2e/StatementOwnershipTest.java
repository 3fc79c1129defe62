package io.tablewave.e2e;

import static io.tablewave.testing.Sql.createDigits;
import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.numbersFrom;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.calcite.avatica.ConnectionConfigImpl;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.remote.AuthenticationType;
import org.apache.calcite.avatica.remote.AvaticaHttpClient;
import org.apache.calcite.avatica.remote.AvaticaHttpClientFactoryImpl;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.calcite.avatica.remote.RemoteProtobufService;
import org.apache.calcite.avatica.remote.Service;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Statement ids are a counter of the server, easy to guess and counted again from the start after a
 * restart: a request naming a statement of another connection (another user's, on a server with
 * users) is answered as if the statement did not exist, and the statement's owner reads on
 * undisturbed. The requests are Avatica's own, sent by its client service as any client could send
 * them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatementOwnershipTest {
  private static final String ALICE_PASSWORD = "al1ce-Owns!";
  private static final String BOB_PASSWORD = "b0b-Guesses!";
  private static final int ROWS = 2_345;
  private static final String QUERY = "SELECT * FROM owned_rows";

  @TempDir static Path directory;
  private TestServer server;

  @BeforeAll
  void start() throws Exception {
    Path users = directory.resolve("users.properties");
    Files.writeString(
        users, "alice: %s, loader\nbob: %s, loader\n".formatted(ALICE_PASSWORD, BOB_PASSWORD));
    server = TestServer.start(TestStore.DUCKDB, Map.of(ServerOption.USERS_FILE, users.toString()));
    Properties alice = new Properties();
    alice.setProperty("user", "alice");
    alice.setProperty("password", ALICE_PASSWORD);
    try (Connection connection = DriverManager.getConnection(server.url(), alice)) {
      createDigits(connection, "owned_digits");
      execute(
          connection,
          "CREATE TABLE owned_rows AS SELECT id FROM "
              + numbersFrom("owned_digits")
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
  void anotherConnectionCannotRunFetchOrCloseAStatementItDidNotOpen() throws Exception {
    Service aliceService = service("alice", ALICE_PASSWORD);
    Service bobService = service("bob", BOB_PASSWORD);
    String alice = open(aliceService);
    String bob = open(bobService);
    int aliceStatement = aliceService.apply(new Service.CreateStatementRequest(alice)).statementId;
    Service.ResultSetResponse first =
        aliceService
            .apply(new Service.PrepareAndExecuteRequest(alice, aliceStatement, QUERY, -1, 10))
            .results
            .get(0);
    assertThat(first.firstFrame.done).isFalse();
    long aliceRows = count(first.firstFrame);

    assertThat(
            bobService.apply(
                    new Service.PrepareAndExecuteRequest(bob, aliceStatement, QUERY, -1, 10))
                .missingStatement)
        .as("running alice's statement on bob's connection")
        .isTrue();
    assertThat(
            bobService.apply(new Service.FetchRequest(bob, aliceStatement, aliceRows, 100))
                .missingStatement)
        .as("fetching alice's rows on bob's connection")
        .isTrue();
    assertThat(
            bobService.apply(
                    new Service.ExecuteRequest(
                        new Meta.StatementHandle(bob, aliceStatement, null), List.of(), 10))
                .missingStatement)
        .as("executing alice's statement on bob's connection")
        .isTrue();
    bobService.apply(new Service.CloseStatementRequest(bob, aliceStatement));

    Service.FetchResponse rest =
        aliceService.apply(new Service.FetchRequest(alice, aliceStatement, aliceRows, ROWS));
    assertThat(rest.missingStatement).isFalse();
    assertThat(rest.frame.done).isTrue();
    assertThat(aliceRows + count(rest.frame))
        .as("alice reads her whole result, undisturbed")
        .isEqualTo(ROWS);

    int bobStatement = bobService.apply(new Service.CreateStatementRequest(bob)).statementId;
    Service.ExecuteResponse own =
        bobService.apply(
            new Service.PrepareAndExecuteRequest(bob, bobStatement, "SELECT 42", -1, 10));
    assertThat(own.missingStatement).isFalse();
    assertThat(count(own.results.get(0).firstFrame)).isEqualTo(1);
    assertThat(
            aliceService.apply(
                    new Service.PrepareAndExecuteRequest(alice, bobStatement, "SELECT 1", -1, 10))
                .missingStatement)
        .as("alice cannot run bob's statement either")
        .isTrue();

    aliceService.apply(new Service.CloseStatementRequest(alice, aliceStatement));
    assertThat(
            aliceService.apply(
                    new Service.PrepareAndExecuteRequest(alice, aliceStatement, QUERY, -1, 10))
                .missingStatement)
        .as("a closed statement is unknown to its own connection too")
        .isTrue();
    aliceService.apply(new Service.CloseConnectionRequest(alice));
    bobService.apply(new Service.CloseConnectionRequest(bob));
  }

  @Test
  void aMetadataResultsStatementIsNotAnotherConnections() throws Exception {
    Service aliceService = service("alice", ALICE_PASSWORD);
    Service bobService = service("bob", BOB_PASSWORD);
    String alice = open(aliceService);
    String bob = open(bobService);
    Service.ResultSetResponse tables =
        aliceService.apply(new Service.TablesRequest(alice, null, null, null, null));
    assertThat(count(tables.firstFrame)).isGreaterThan(0);
    assertThat(
            bobService.apply(
                    new Service.PrepareAndExecuteRequest(
                        bob, tables.statementId, "SELECT 1", -1, 10))
                .missingStatement)
        .as("running a statement on the id of alice's table list")
        .isTrue();
    assertThat(
            bobService.apply(new Service.FetchRequest(bob, tables.statementId, 0, 100))
                .missingStatement)
        .as("fetching alice's table list on bob's connection")
        .isTrue();
    aliceService.apply(new Service.CloseStatementRequest(alice, tables.statementId));
    aliceService.apply(new Service.CloseConnectionRequest(alice));
    bobService.apply(new Service.CloseConnectionRequest(bob));
  }

  private Service service(String user, String password) throws Exception {
    Properties properties = new Properties();
    properties.setProperty("authentication", AuthenticationType.BASIC.name());
    properties.setProperty("avatica_user", user);
    properties.setProperty("avatica_password", password);
    AvaticaHttpClient http =
        AvaticaHttpClientFactoryImpl.getInstance()
            .getClient(
                new URL(server.url().replace("jdbc:tablewave://", "http://")),
                new ConnectionConfigImpl(properties),
                null);
    return new RemoteProtobufService(http, new ProtobufTranslationImpl());
  }

  private static String open(Service service) {
    String id = UUID.randomUUID().toString();
    service.apply(new Service.OpenConnectionRequest(id, Map.of()));
    return id;
  }

  private static long count(Meta.Frame frame) {
    long rows = 0;
    for (Object ignored : frame.rows) {
      rows++;
    }
    return rows;
  }
}
