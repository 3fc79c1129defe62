package io.tablewave.bench;

import java.util.ArrayList;
import java.util.List;

/** Wall-clock timing of whole steps; repeated steps report their median. */
final class Timing {
  private Timing() {}

  /** A step that can fail. */
  @FunctionalInterface
  interface Step {
    void run() throws Exception;
  }

  /** Runs the step once and returns how long it took, in milliseconds. */
  static double millis(Step step) throws Exception {
    long started = System.nanoTime();
    step.run();
    return (System.nanoTime() - started) / 1_000_000.0;
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  /** The value below which the given share of the values lie (nearest rank). */
  static double percentile(List<Double> values, double share) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int rank = (int) Math.ceil(share * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}
