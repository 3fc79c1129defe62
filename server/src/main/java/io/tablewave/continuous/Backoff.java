package io.tablewave.continuous;

import java.time.Duration;

/**
 * How long a table whose refresh failed waits before the next try: its interval (at least a
 * second), doubled with each failure in a row, at most {@link #MAX} (or the interval, if longer).
 */
record Backoff(Duration interval) {
  static final Duration MIN = Duration.ofSeconds(1);
  static final Duration MAX = Duration.ofSeconds(15);

  Duration after(int failuresInARow) {
    Duration base = interval.compareTo(MIN) < 0 ? MIN : interval;
    Duration cap = interval.compareTo(MAX) > 0 ? interval : MAX;
    Duration wait = base;
    for (int i = 1; i < failuresInARow && wait.compareTo(cap) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(cap) > 0 ? cap : wait;
  }
}
