package io.tablewave.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablewave.dispatch.BatchShape;
import io.tablewave.registry.BatchEntry;
import io.tablewave.registry.BatchStatus;
import io.tablewave.registry.BatchTableEntry;
import io.tablewave.registry.BatchTableStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.AbstractHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The JSON endpoints over HTTP on a bare Jetty, with registry contents set by hand. */
class UiHandlerTest {
  private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");
  private final FakeReads reads = new FakeReads();
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();
  private Server jetty;
  private String base;

  private void start() throws Exception {
    jetty = new Server(0);
    ((ServerConnector) jetty.getConnectors()[0]).setHost("127.0.0.1");
    UiHandler ui =
        new UiHandler(
            reads,
            Clock.fixed(T0.plusSeconds(60), ZoneOffset.UTC),
            Optional.empty(),
            EventStreamSettings.DEFAULT);
    ui.setHandler(
        new AbstractHandler() {
          @Override
          public void handle(
              String target,
              org.eclipse.jetty.server.Request baseRequest,
              javax.servlet.http.HttpServletRequest request,
              HttpServletResponse response) {
            baseRequest.setHandled(true);
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
          }
        });
    jetty.setHandler(ui);
    jetty.start();
    base = "http://127.0.0.1:" + ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
  }

  @AfterEach
  void stop() throws Exception {
    if (jetty != null) {
      jetty.stop();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void requestsOutsideTheUiGoToTheWrappedHandler() throws Exception {
    start();
    assertThat(get("/").statusCode()).isEqualTo(400);
    assertThat(get("/uix").statusCode()).isEqualTo(400);
    assertThat(get("/ui/").statusCode()).isEqualTo(200);
  }

  @Test
  void aRunningFiveHundredTableBatchHasASmallFastSnapshot() throws Exception {
    // 100 tables in wave 1, each read by one table of the next wave, four times over; a mix of
    // states
    List<BatchTableEntry> entries = new ArrayList<>();
    List<BatchShape.Table> shape = new ArrayList<>();
    // a fixed cycle, so the nodes asserted below keep their states when the status enum grows
    BatchTableStatus[] statuses = {
      BatchTableStatus.PENDING,
      BatchTableStatus.LOADING,
      BatchTableStatus.SUCCEEDED,
      BatchTableStatus.FAILED,
      BatchTableStatus.SKIPPED,
      BatchTableStatus.CANCELLED
    };
    for (int i = 0; i < 500; i++) {
      String name = "ORDERS_BY_REGION_AND_DAY_" + i;
      BatchTableStatus status =
          i < 100 ? BatchTableStatus.SUCCEEDED : statuses[i % statuses.length];
      entries.add(
          new BatchTableEntry(
              42,
              name,
              i,
              1 + i / 100,
              status,
              status.isFinal() ? 123_456 : 1_000,
              i % 4 < 2 ? 250_000L : null,
              status == BatchTableStatus.PENDING ? null : T0,
              status.isFinal() ? T0.plusSeconds(9) : null,
              status == BatchTableStatus.FAILED ? "boom: " + name : null,
              status == BatchTableStatus.SKIPPED ? "ORDERS_BY_REGION_AND_DAY_" + (i - 100) : null,
              1));
      shape.add(
          new BatchShape.Table(
              name,
              i,
              "CREATE TABLE "
                  + name
                  + " AS SELECT region, order_day, SUM(amount)"
                  + " AS revenue FROM "
                  + (i < 100 ? "kafka://orders" : "ORDERS_BY_REGION_AND_DAY_" + (i - 100))
                  + " GROUP BY region, order_day",
              i < 100 ? List.of() : List.of("ORDERS_BY_REGION_AND_DAY_" + (i - 100)),
              i < 100 ? List.of("orders") : List.of()));
    }
    reads.batches.put(
        42L,
        new BatchEntry(42, BatchStatus.RUNNING, T0, null, 500, 100, 0, 0, 5, 4, "alice", null));
    reads.batchTables.put(42L, entries);
    reads.shapes.put(42L, new BatchShape(42, shape));
    start();

    long[] millis = new long[20];
    int bytes = 0;
    JsonNode snapshot = null;
    for (int i = 0; i < millis.length; i++) {
      long begin = System.nanoTime();
      HttpResponse<String> response = get("/ui/api/batches/42");
      millis[i] = (System.nanoTime() - begin) / 1_000_000;
      assertThat(response.statusCode()).isEqualTo(200);
      bytes = response.body().getBytes(StandardCharsets.UTF_8).length;
      snapshot = json.readTree(response.body());
    }
    Arrays.sort(millis);
    System.out.printf(
        "snapshot of a 500-table batch: %,d bytes, median %d ms, slowest %d ms of %d GETs"
            + " (the first computes the layout)%n",
        bytes, millis[millis.length / 2], millis[millis.length - 1], millis.length);

    assertThat(snapshot.get("nodes")).hasSize(500);
    assertThat(snapshot.get("edges")).hasSize(400);
    assertThat(snapshot.get("waves")).hasSize(5);
    assertThat(snapshot.at("/waves/0/statuses/succeeded").asInt()).isEqualTo(100);
    assertThat(snapshot.at("/batch/durationMillis").asLong()).isEqualTo(60_000);
    JsonNode loading = snapshot.get("nodes").get(103);
    assertThat(loading.get("status").asText()).isEqualTo("loading");
    assertThat(loading.get("progress")).as("no rows expected known for this one").isNull();
    JsonNode withProgress = snapshot.get("nodes").get(109);
    assertThat(withProgress.get("status").asText()).isEqualTo("loading");
    assertThat(withProgress.get("progress").asDouble()).isEqualTo(1_000.0 / 250_000);
    assertThat(withProgress.at("/position/x").asDouble()).isEqualTo(BatchViews.COLUMN_WIDTH);
    assertThat(bytes)
        .as("500 tables with their SQL stay well under a megabyte")
        .isLessThan(400_000);
    assertThat(millis[millis.length / 2]).as("median milliseconds of a snapshot").isLessThan(2_000);

    HttpResponse<String> list = get("/ui/api/batches");
    assertThat(json.readTree(list.body()).at("/batches/0/tables").asInt()).isEqualTo(500);
  }

  @Test
  void theEventsOfAFinishedBatchAreItsSnapshotAndTheEnd() throws Exception {
    reads.batches.put(
        5L,
        new BatchEntry(
            5, BatchStatus.SUCCEEDED, T0, T0.plusSeconds(2), 1, 1, 0, 0, 1, 4, null, null));
    reads.batchTables.put(
        5L,
        List.of(
            new BatchTableEntry(
                5,
                "A",
                0,
                1,
                BatchTableStatus.SUCCEEDED,
                3,
                null,
                T0,
                T0.plusSeconds(1),
                null,
                null,
                1)));
    start();

    HttpResponse<String> events = get("/ui/api/batches/5/events");

    assertThat(events.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    assertThat(events.body().lines().filter(l -> l.startsWith("event: ")).toList())
        .containsExactly("event: snapshot", "event: end");
    assertThat(events.body()).contains("\"durationMillis\":2000");
  }
}
