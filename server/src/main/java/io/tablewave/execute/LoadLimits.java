package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * How long one table's load may take and how often a transient failure is tried again.
 *
 * @param timeout the limit for all attempts together, from the first start; empty for none
 * @param retries further attempts after a transient failure (0: none)
 */
public record LoadLimits(Optional<Duration> timeout, int retries) {
  public static final LoadLimits NONE = new LoadLimits(Optional.empty(), 0);

  public LoadLimits {
    requireNonNull(timeout, "timeout is null");
    if (retries < 0) {
      throw new IllegalArgumentException("retries must not be negative, got " + retries);
    }
  }
}
