package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.scalar;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * SPEC 11: the live page and its JSON API, on the server's own port beside the JDBC endpoint, read
 * with {@code java.net.http} as a script would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LivePageApiTest {
  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private TestServer server;
  private Connection connection;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(TestStore.DUCKDB, Map.of(ServerOption.DEMO, "true"));
    connection = server.connect();
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

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(server.pageUrl()).resolve(path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode getJson(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path);
    assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    return json.readTree(response.body());
  }

  private long lastBatchId() throws Exception {
    return scalarLong(connection, "SELECT MAX(BATCH_ID) FROM SYS.BATCHES");
  }

  private static Map<String, JsonNode> byId(JsonNode nodes) {
    Map<String, JsonNode> map = new HashMap<>();
    nodes.forEach(n -> map.put(n.get("id").asText(), n));
    return map;
  }

  @Test
  void thePageAndItsGraphLibraryComeFromTheServerOnItsOwnPort() throws Exception {
    assertThat(server.pageUrl())
        .isEqualTo(server.url().replace("jdbc:tablewave://", "http://") + "/ui/");
    HttpResponse<String> page = get("/ui/?batch=1");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body())
        .contains("<script src=\"lib/cytoscape.min.js\"></script>", "app.js")
        .doesNotContain("https://", "http://");
    HttpResponse<String> library = get("/ui/lib/cytoscape.min.js");
    assertThat(library.statusCode()).isEqualTo(200);
    assertThat(library.body()).hasSizeGreaterThan(100_000).contains("cytoscape");
    assertThat(get("/ui/app.js").body()).contains("EventSource");
    assertThat(get("/ui/app.css").statusCode()).isEqualTo(200);
    HttpResponse<String> bare = get("/ui");
    assertThat(bare.statusCode()).isEqualTo(302);
    assertThat(bare.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/ui/"));
    assertThat(get("/ui/nothing-here.js").statusCode()).isEqualTo(404);
    HttpResponse<String> post =
        http.send(
            HttpRequest.newBuilder(URI.create(server.pageUrl() + "api/batches"))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(scalarLong(connection, "SELECT 41 + 1"))
        .as("JDBC on the same port still works")
        .isEqualTo(42);
  }

  @Test
  void aBatchHasItsTablesByWaveWithStatusRowsErrorsEdgesAndWaveTotals() throws Exception {
    BatchUpdateException failure = null;
    try (Statement statement = connection.createStatement()) {
      statement.addBatch(
          "CREATE TABLE ui_orders WITH ('on-bad-record' = 'skip') AS SELECT * FROM kafka://orders");
      statement.addBatch(
          "CREATE TABLE ui_base AS SELECT * FROM (VALUES (1, '1'), (2, 'abc')) AS t(id, code)");
      statement.addBatch("CREATE TABLE ui_bad AS SELECT CAST(code AS INTEGER) AS n FROM ui_base");
      statement.addBatch("CREATE TABLE ui_dep AS SELECT n FROM ui_bad");
      statement.addBatch("CREATE TABLE ui_count AS SELECT COUNT(*) AS n FROM ui_orders");
      statement.executeBatch();
    } catch (BatchUpdateException e) {
      failure = e;
    }
    assertThat((Throwable) failure).as("the batch has a failing table").isNotNull();
    long batch = lastBatchId();
    long orders = scalarLong(connection, "SELECT COUNT(*) FROM ui_orders");

    JsonNode snapshot = getJson("/ui/api/batches/" + batch);

    assertThat(snapshot.at("/batch/id").asLong()).isEqualTo(batch);
    assertThat(snapshot.at("/batch/status").asText()).isEqualTo("partial");
    assertThat(snapshot.at("/batch/page").asText()).isEqualTo("/ui/?batch=" + batch);
    Map<String, JsonNode> nodes = byId(snapshot.get("nodes"));
    assertThat(nodes).containsOnlyKeys("UI_ORDERS", "UI_BASE", "UI_BAD", "UI_DEP", "UI_COUNT");
    assertThat(nodes.get("UI_ORDERS").get("status").asText()).isEqualTo("succeeded");
    assertThat(nodes.get("UI_ORDERS").get("rows").asLong()).isEqualTo(orders).isPositive();
    assertThat(nodes.get("UI_ORDERS").get("expected").asLong())
        .as("a Kafka load knows its records upfront")
        .isGreaterThanOrEqualTo(orders);
    assertThat(nodes.get("UI_ORDERS").get("progress").asDouble()).isEqualTo(1.0);
    assertThat(nodes.get("UI_BAD").get("status").asText()).isEqualTo("failed");
    assertThat(nodes.get("UI_BAD").get("error").asText()).isNotBlank();
    assertThat(nodes.get("UI_DEP").get("status").asText()).isEqualTo("skipped");
    assertThat(nodes.get("UI_DEP").get("skippedBecause").asText()).isEqualTo("UI_BAD");
    assertThat(nodes.get("UI_COUNT").get("sql").asText()).contains("COUNT(*)");
    assertThat(nodes.get("UI_COUNT").get("startedAt").asText()).isNotBlank();
    assertThat(nodes.get("UI_COUNT").get("finishedAt").asText()).isNotBlank();
    for (JsonNode node : nodes.values()) {
      assertThat(node.at("/position/x").asDouble())
          .as("wave %s is a column", node.get("wave"))
          .isEqualTo(
              nodes.get("UI_ORDERS").at("/position/x").asDouble()
                  + (node.get("wave").asInt() - 1) * 260.0);
    }
    assertThat(nodes.get("UI_DEP").get("wave").asInt()).isEqualTo(3);
    List<String> edges = new ArrayList<>();
    snapshot
        .get("edges")
        .forEach(e -> edges.add(e.get("source").asText() + "->" + e.get("target").asText()));
    assertThat(edges)
        .containsExactlyInAnyOrder("UI_BASE->UI_BAD", "UI_BAD->UI_DEP", "UI_ORDERS->UI_COUNT");
    JsonNode waves = snapshot.get("waves");
    assertThat(waves).hasSize(3);
    assertThat(waves.get(0).get("tables").asInt()).isEqualTo(2);
    assertThat(waves.get(0).at("/statuses/succeeded").asInt()).isEqualTo(2);
    assertThat(waves.get(0).get("rows").asLong()).isEqualTo(orders + 2);
    assertThat(waves.get(1).at("/statuses/failed").asInt()).isEqualTo(1);
    assertThat(waves.get(1).at("/statuses/succeeded").asInt()).isEqualTo(1);
    assertThat(waves.get(2).at("/statuses/skipped").asInt()).isEqualTo(1);

    JsonNode list = getJson("/ui/api/batches?limit=5").get("batches");
    assertThat(list.get(0).get("id").asLong()).as("newest first").isEqualTo(batch);
    assertThat(list.get(0).get("succeeded").asInt()).isEqualTo(3);
    assertThat(list.get(0).get("failed").asInt()).isEqualTo(1);
    assertThat(list.get(0).get("skipped").asInt()).isEqualTo(1);
    assertThat(list.size()).isLessThanOrEqualTo(5);

    JsonNode graph = getJson("/ui/api/graph");
    Map<String, JsonNode> graphNodes = byId(graph.get("nodes"));
    assertThat(graphNodes.get("kafka://orders").get("kind").asText()).isEqualTo("topic");
    assertThat(graphNodes.get("UI_ORDERS").get("status").asText()).isEqualTo("succeeded");
    assertThat(graphNodes.get("UI_ORDERS").get("health").asText())
        .as("the health SYS.TABLES shows")
        .isEqualTo(
            scalar(connection, "SELECT HEALTH FROM SYS.TABLES WHERE TABLE_NAME = 'UI_ORDERS'")
                .toString()
                .toLowerCase(java.util.Locale.ROOT));
    assertThat(graphNodes.get("UI_ORDERS").has("issues"))
        .as("skipped bad records are an issue")
        .isEqualTo(graphNodes.get("UI_ORDERS").get("health").asText().equals("degraded"));
    assertThat(graphNodes.get("UI_ORDERS").get("rows").asLong()).isEqualTo(orders);
    assertThat(graphNodes)
        .as("a table whose first load failed is not registered")
        .doesNotContainKey("UI_BAD");
    assertThat(graphNodes.get("kafka://orders").at("/position/x").asDouble())
        .isLessThan(graphNodes.get("UI_ORDERS").at("/position/x").asDouble());
    List<String> graphEdges = new ArrayList<>();
    graph
        .get("edges")
        .forEach(e -> graphEdges.add(e.get("source").asText() + "->" + e.get("target").asText()));
    assertThat(graphEdges).contains("kafka://orders->UI_ORDERS", "UI_ORDERS->UI_COUNT");
  }

  @Test
  void unknownBatchesAndEndpointsAreAnsweredWithWhatToDo() throws Exception {
    HttpResponse<String> missing = get("/ui/api/batches/987654");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(json.readTree(missing.body()).get("error").asText())
        .contains("batch 987654 does not exist");
    HttpResponse<String> notANumber = get("/ui/api/batches/abc");
    assertThat(notANumber.statusCode()).isEqualTo(400);
    assertThat(json.readTree(notANumber.body()).get("error").asText())
        .contains("'abc' is not a batch id");
    assertThat(get("/ui/api/batches?limit=zero").statusCode()).isEqualTo(400);
    HttpResponse<String> unknown = get("/ui/api/tables");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.body()).contains("/ui/api/graph");
  }

  @Test
  void theEventStreamSendsTheSnapshotThenOnlyChangesUntilTheBatchEnds() throws Exception {
    execute(
        connection,
        "CREATE TABLE ev_d AS SELECT * FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9))"
            + " AS t(x)");
    execute(
        connection,
        "CREATE TABLE ev_src AS SELECT a.x * 100 + b.x * 10 + c.x AS x FROM ev_d a, ev_d b, ev_d c");
    long before = lastBatchId();
    CompletableFuture<Void> loading =
        CompletableFuture.runAsync(
            () -> {
              // one table at a time, so the batch runs for a while
              try (Connection own = server.connectWithParallelism(1);
                  Statement statement = own.createStatement()) {
                for (String name : List.of("ev_slow_a", "ev_slow_b", "ev_slow_c")) {
                  statement.addBatch(
                      "CREATE TABLE "
                          + name
                          + " AS SELECT a.x * 1000000 + b.x * 1000 + c.x AS v"
                          + " FROM ev_src a, ev_src b, ev_src c WHERE c.x < 2");
                }
                statement.addBatch("CREATE TABLE ev_next AS SELECT COUNT(*) AS n FROM ev_slow_c");
                statement.executeBatch();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    long batch = before;
    for (int i = 0; i < 2000 && batch == before; i++) {
      JsonNode newest = getJson("/ui/api/batches?limit=1").at("/batches/0/id");
      batch = newest.isMissingNode() ? before : newest.asLong();
    }
    assertThat(batch).as("the batch was planned").isGreaterThan(before);

    HttpResponse<Stream<String>> response =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(server.pageUrl() + "api/batches/" + batch + "/events"))
                .build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    List<String> events = new ArrayList<>();
    List<JsonNode> data = new ArrayList<>();
    try (Stream<String> lines = response.body()) {
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("event: ")) {
          events.add(line.substring(7));
        } else if (line.startsWith("data: ")) {
          data.add(json.readTree(line.substring(6)));
        }
      }
    }
    loading.get(180, TimeUnit.SECONDS);

    assertThat(events.get(0)).isEqualTo("snapshot");
    assertThat(events.get(events.size() - 1)).isEqualTo("end");
    assertThat(events.subList(1, events.size() - 1))
        .as("the batch ran while the stream was open")
        .isNotEmpty()
        .allMatch("change"::equals);
    JsonNode first = data.get(0);
    assertThat(first.get("nodes")).hasSize(4);
    assertThat(first.at("/nodes/0/position").isObject()).isTrue();
    assertThat(first.at("/nodes/0/sql").asText()).startsWith("CREATE TABLE ev_slow_a");
    // apply the changes to the snapshot: each names only nodes that changed, and the end state is
    // the batch's
    Map<String, String> state = new HashMap<>();
    first
        .get("nodes")
        .forEach(
            n ->
                state.put(
                    n.get("id").asText(), n.get("status").asText() + "/" + n.get("rows").asLong()));
    for (JsonNode change : data.subList(1, data.size() - 1)) {
      change
          .get("nodes")
          .forEach(
              n -> {
                assertThat(n.has("position")).isFalse();
                assertThat(n.has("sql")).isFalse();
                String now = n.get("status").asText() + "/" + n.get("rows").asLong();
                assertThat(state.put(n.get("id").asText(), now))
                    .as("a change names only what changed")
                    .isNotEqualTo(now);
              });
    }
    assertThat(state)
        .containsEntry("EV_SLOW_A", "succeeded/2000000")
        .containsEntry("EV_NEXT", "succeeded/1");
    assertThat(data.get(data.size() - 1).get("status").asText()).isEqualTo("succeeded");
    assertThat(getJson("/ui/api/batches/" + batch).at("/batch/status").asText())
        .isEqualTo("succeeded");
  }
}
