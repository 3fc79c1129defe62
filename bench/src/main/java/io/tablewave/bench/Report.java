package io.tablewave.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What one benchmark run measured: parameters, timings, and ratios against their targets. */
final class Report {
  /** A measured value. */
  record Measurement(String name, double value, String unit) {}

  /**
   * Tablewave's figure divided by the baseline's, and the target it should meet.
   *
   * @param atMost true when the target is an upper bound ({@code <=}), false for a lower bound
   *     ({@code >=})
   */
  record Ratio(String name, double value, double target, boolean atMost, boolean met) {
    String targetText() {
      return (atMost ? "<= " : ">= ") + target;
    }
  }

  private final String benchmark;
  private final Scale scale;
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private final List<Measurement> measurements = new ArrayList<>();
  private final List<Ratio> ratios = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  Report(String benchmark, Scale scale) {
    this.benchmark = benchmark;
    this.scale = scale;
  }

  Report parameter(String name, Object value) {
    parameters.put(name, value);
    return this;
  }

  Report measure(String name, double value, String unit) {
    measurements.add(new Measurement(name, value, unit));
    return this;
  }

  Report ratioAtMost(String name, double value, double target) {
    ratios.add(new Ratio(name, value, target, true, value <= target));
    return this;
  }

  Report ratioAtLeast(String name, double value, double target) {
    ratios.add(new Ratio(name, value, target, false, value >= target));
    return this;
  }

  Report note(String note) {
    notes.add(note);
    return this;
  }

  String benchmark() {
    return benchmark;
  }

  List<Measurement> measurements() {
    return List.copyOf(measurements);
  }

  List<Ratio> ratios() {
    return List.copyOf(ratios);
  }

  /** The report as a person reads it on the console. */
  String table() {
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            Locale.ROOT, "%n== %s (%s) ==%n", benchmark, scale.name().toLowerCase(Locale.ROOT)));
    parameters.forEach(
        (name, value) -> text.append(String.format(Locale.ROOT, "  %-40s %s%n", name, value)));
    text.append(String.format(Locale.ROOT, "%n  %-72s %16s  %s%n", "measurement", "value", "unit"));
    for (Measurement m : measurements) {
      text.append(
          String.format(Locale.ROOT, "  %-72s %,16.2f  %s%n", m.name(), m.value(), m.unit()));
    }
    text.append(
        String.format(
            Locale.ROOT, "%n  %-72s %10s  %-10s %s%n", "ratio", "value", "target", "met"));
    for (Ratio r : ratios) {
      text.append(
          String.format(
              Locale.ROOT,
              "  %-72s %10.3f  %-10s %s%n",
              r.name(),
              r.value(),
              r.targetText(),
              r.met() ? "yes" : "NO"));
    }
    notes.forEach(note -> text.append("  note: ").append(note).append('\n'));
    return text.toString();
  }

  /** Writes {@code <directory>/<benchmark>.json} (smoke runs: {@code <benchmark>-smoke.json}). */
  Path write(Path directory) throws IOException {
    Files.createDirectories(directory);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("benchmark", benchmark);
    json.put("scale", scale.name().toLowerCase(Locale.ROOT));
    json.put("recordedAt", Instant.now().toString());
    json.put("machine", Machine.describe());
    json.put("parameters", parameters);
    json.put("measurements", measurements);
    List<Map<String, Object>> ratioRows = new ArrayList<>();
    for (Ratio r : ratios) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", r.name());
      row.put("value", r.value());
      row.put("target", r.targetText());
      row.put("met", r.met());
      ratioRows.add(row);
    }
    json.put("ratios", ratioRows);
    json.put("notes", notes);
    Path file = directory.resolve(benchmark + (scale == Scale.SMOKE ? "-smoke" : "") + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    return file;
  }
}
