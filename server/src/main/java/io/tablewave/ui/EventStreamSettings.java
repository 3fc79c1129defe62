package io.tablewave.ui;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How the batch event streams behave.
 *
 * @param poll how often a stream looks for changes
 * @param keepAlive how long a stream may stay silent before it writes a comment, so that proxies
 *     and browsers keep it open and a closed client is noticed
 * @param maxStreams streams open at once; more are refused with 503 and the page polls instead
 */
public record EventStreamSettings(Duration poll, Duration keepAlive, int maxStreams) {
  public static final EventStreamSettings DEFAULT =
      new EventStreamSettings(Duration.ofMillis(250), Duration.ofSeconds(15), 64);

  public EventStreamSettings {
    requireNonNull(poll, "poll is null");
    requireNonNull(keepAlive, "keepAlive is null");
    if (poll.isNegative()
        || poll.isZero()
        || keepAlive.isNegative()
        || keepAlive.isZero()
        || maxStreams < 1) {
      throw new IllegalArgumentException(
          "poll and keep-alive must be positive and at least one stream allowed");
    }
  }
}
