package io.tablewave.e2e;

import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SPEC 11 and 8: with a users file the page and its API need a user of it; --ui=false turns them
 * off.
 */
class LivePageSecurityTest {
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir Path directory;

  private HttpResponse<String> get(String url, String user, String password) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
    if (user != null) {
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void withAUsersFileThePageAndItsApiNeedAUserOfIt() throws Exception {
    Path users = directory.resolve("users.properties");
    Files.writeString(users, "alice: al1ce-Loads!, loader\nbob: b0b-Reads!, reader\n");
    try (TestServer server =
        TestServer.start(TestStore.DUCKDB, Map.of(ServerOption.USERS_FILE, users.toString()))) {
      for (String path :
          new String[] {
            "", "api/batches", "api/graph", "api/batches/1/events", "lib/cytoscape.min.js"
          }) {
        HttpResponse<String> anonymous = get(server.pageUrl() + path, null, null);
        assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
            .as(path)
            .hasValueSatisfying(h -> assertThat(h).startsWith("Basic realm=\"Tablewave\""));
        assertThat(anonymous.body()).as(path).contains("--users-file").doesNotContain("b0b-Reads!");
      }
      assertThat(get(server.pageUrl(), "bob", "wrong").statusCode()).isEqualTo(401);
      assertThat(get(server.pageUrl(), "mallory", "b0b-Reads!").statusCode()).isEqualTo(401);
      assertThat(get(server.pageUrl(), "bob", "b0b-Reads!").statusCode())
          .as("a reader may look")
          .isEqualTo(200);
      assertThat(get(server.pageUrl() + "api/batches", "bob", "b0b-Reads!").statusCode())
          .isEqualTo(200);
      assertThat(get(server.pageUrl() + "api/graph", "alice", "al1ce-Loads!").statusCode())
          .isEqualTo(200);

      Properties properties = new Properties();
      properties.setProperty("user", "bob");
      properties.setProperty("password", "b0b-Reads!");
      try (Connection connection = DriverManager.getConnection(server.url(), properties)) {
        assertThat(scalarLong(connection, "SELECT 1"))
            .as("JDBC still authenticates as before")
            .isEqualTo(1);
      }
    }
  }

  @Test
  void uiFalseTurnsThePageOff() throws Exception {
    try (TestServer server = TestServer.start(TestStore.DUCKDB, Map.of(ServerOption.UI, "false"))) {
      HttpResponse<String> page = get(server.pageUrl(), null, null);
      assertThat(page.statusCode()).as("Avatica's answer to anything but POST").isEqualTo(400);
      assertThat(get(server.pageUrl() + "api/batches", null, null).body())
          .doesNotContain("batches");
      try (Connection connection = server.connect()) {
        assertThat(scalarLong(connection, "SELECT 1")).isEqualTo(1);
      }
    }
  }
}
