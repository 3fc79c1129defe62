package io.tablewave.e2e;

import static io.tablewave.testing.Sql.executeBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code --metrics-port}: the Prometheus endpoint, scraped and parsed after a real batch. */
class MetricsTest {
  /** A sample line of the text format: name, optional labels, value. */
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)");

  @Test
  void theEndpointCountsWhatABatchDid() throws Exception {
    try (TestServer server =
            TestServer.start(TestStore.DUCKDB, Map.of(ServerOption.METRICS_PORT, "0"));
        Connection connection = server.connect()) {
      assertThatThrownBy(
              () ->
                  executeBatch(
                      connection,
                      "CREATE TABLE m_source AS SELECT * FROM (VALUES (1, 'a'), (2, 'b'), (3, 'c')) AS t(id, code)",
                      "CREATE TABLE m_copy AS SELECT id FROM m_source",
                      "CREATE TABLE m_bad AS SELECT CAST(code AS INTEGER) AS n FROM m_source",
                      "CREATE TABLE m_after_bad AS SELECT * FROM m_bad"))
          .isInstanceOf(SQLException.class);

      Map<String, Double> samples = scrape(server.metricsPort().getAsInt());
      assertThat(samples)
          .containsEntry("tablewave_table_loads_total{status=\"SUCCEEDED\"}", 2.0)
          .containsEntry("tablewave_table_loads_total{status=\"FAILED\"}", 1.0)
          .containsEntry("tablewave_table_loads_total{status=\"SKIPPED\"}", 1.0)
          .containsEntry("tablewave_batches_total{status=\"PARTIAL\"}", 1.0)
          .containsEntry("tablewave_rows_loaded_total", 6.0)
          .containsEntry("tablewave_tables{status=\"ACTIVE\"}", 2.0)
          .containsEntry("tablewave_tables{status=\"LOADING\"}", 0.0)
          .containsEntry("tablewave_workers", 4.0)
          .containsEntry("tablewave_workers_busy", 0.0)
          .containsEntry("tablewave_kafka_lag_records", 0.0)
          .containsEntry("tablewave_table_load_duration_seconds_count", 2.0)
          .containsEntry("tablewave_batch_duration_seconds_count", 1.0);
      assertThat(samples.keySet())
          .anyMatch(name -> name.startsWith("tablewave_table_load_duration_seconds_bucket"));
    }
  }

  private static Map<String, Double> scrape(int port) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
    Map<String, Double> samples = new HashMap<>();
    for (String line : response.body().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher sample = SAMPLE.matcher(line);
      assertThat(sample.matches()).as("a sample line of the text format: %s", line).isTrue();
      samples.put(
          sample.group(1) + (sample.group(2) == null ? "" : sample.group(2)),
          Double.valueOf(sample.group(3)));
    }
    return samples;
  }
}
