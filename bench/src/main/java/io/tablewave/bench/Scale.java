package io.tablewave.bench;

/**
 * How big a run is: the sizes the benchmark's issue names, or a few seconds' worth for the build.
 */
enum Scale {
  FULL(3),
  SMOKE(1);

  private final int repetitions;

  Scale(int repetitions) {
    this.repetitions = repetitions;
  }

  /** How many times each timed step runs; the report keeps the median. */
  int repetitions() {
    return repetitions;
  }

  /** {@code full} at full scale, {@code smoke} otherwise. */
  int pick(int full, int smoke) {
    return this == FULL ? full : smoke;
  }
}
