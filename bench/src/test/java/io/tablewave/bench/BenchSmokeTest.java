package io.tablewave.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each benchmark at a size of seconds, so that none of them rots: it must run end to end (each
 * harness checks the row counts it loads and reads), measure every figure, and write its results
 * file. The targets are judged at full size only, by {@code bench/run}.
 */
class BenchSmokeTest {
  @TempDir Path results;

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kafka-load",
        "in-store-ctas",
        "scheduling",
        "planning-scale",
        "query-path",
        "continuous",
        "continuous-faults",
        "refresh"
      })
  void runsAtSmokeSizeAndWritesItsResults(String name) throws Exception {
    Report report = Bench.all().get(name).run(Scale.SMOKE);

    assertThat(report.measurements())
        .isNotEmpty()
        .allSatisfy(m -> assertThat(m.value()).as(m.name()).isPositive().isFinite());
    assertThat(report.ratios())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.value()).as(r.name()).isPositive().isFinite());
    assertThat(report.table()).contains(name).contains("ratio");

    Path file = report.write(results);
    assertThat(file).hasFileName(name + "-smoke.json");
    JsonNode json = new ObjectMapper().readTree(Files.readString(file));
    assertThat(json.get("machine").get("cores").asInt()).isPositive();
    assertThat(json.get("ratios")).hasSize(report.ratios().size());
    assertThat(json.get("measurements").get(0).get("unit").asText()).isNotEmpty();
  }
}
