package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How the server keeps a table fresh by itself: the properties {@code 'refresh'} and {@code
 * 'refresh.interval'} (SPEC 10), validated.
 *
 * @param kind whether and how often the server refreshes the table
 * @param interval the pause between two refreshes; present iff the kind is CONTINUOUS or SCHEDULED
 */
public record RefreshSchedule(Kind kind, Optional<Duration> interval) {
  public static final String REFRESH = "refresh";
  public static final String INTERVAL = "refresh.interval";
  public static final String CONTINUOUS = "continuous";
  public static final String OFF = "off";

  /** The interval of {@code 'refresh' = 'continuous'} without {@code 'refresh.interval'}. */
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);

  /** The shortest interval accepted: shorter ones would keep a worker busy with checks. */
  public static final Duration MIN_INTERVAL = Duration.ofMillis(100);

  /** How a table is refreshed over time. */
  public enum Kind {
    /** Only by REFRESH and CREATE OR REPLACE statements (no {@code 'refresh'} property). */
    MANUAL,
    /** By the server, every {@link #DEFAULT_INTERVAL} or less. */
    CONTINUOUS,
    /** By the server, at an interval longer than {@link #DEFAULT_INTERVAL}. */
    SCHEDULED,
    /** Continuous, but paused with {@code 'refresh.interval' = 'off'}. */
    PAUSED
  }

  public RefreshSchedule {
    requireNonNull(kind, "kind is null");
    requireNonNull(interval, "interval is null");
    boolean timed = kind == Kind.CONTINUOUS || kind == Kind.SCHEDULED;
    if (timed != interval.isPresent()) {
      throw new IllegalArgumentException(kind + " with interval " + interval);
    }
  }

  public static final RefreshSchedule MANUAL = new RefreshSchedule(Kind.MANUAL, Optional.empty());

  /** Whether the server refreshes the table by itself now. */
  public boolean active() {
    return interval.isPresent();
  }

  /** The interval as {@code SYS.FRESHNESS} shows it: {@code 1s}, {@code 5m}, {@code off}. */
  public Optional<String> intervalText() {
    return switch (kind) {
      case MANUAL -> Optional.empty();
      case PAUSED -> Optional.of(OFF);
      default -> interval.map(Durations::format).map(text -> text.replace(" ", ""));
    };
  }

  /**
   * The schedule the two properties give; {@code null} values are absent properties.
   *
   * @throws TablewaveException {@code INVALID_PROPERTY} naming the key, the value and what is
   *     allowed
   */
  public static RefreshSchedule parse(String refresh, String interval) {
    if (refresh == null || refresh.strip().equalsIgnoreCase(OFF)) {
      if (interval != null) {
        throw invalid(
            "Property '"
                + INTERVAL
                + "' = '"
                + interval
                + "' is only used with '"
                + REFRESH
                + "' = '"
                + CONTINUOUS
                + "'; add that property to have the server refresh the table, or remove '"
                + INTERVAL
                + "'.");
      }
      return MANUAL;
    }
    if (!refresh.strip().equalsIgnoreCase(CONTINUOUS)) {
      throw invalid(
          "Invalid value '"
              + refresh
              + "' for property '"
              + REFRESH
              + "'; allowed values: '"
              + CONTINUOUS
              + "' (the server keeps the table fresh) and '"
              + OFF
              + "' (only REFRESH statements do).");
    }
    if (interval == null) {
      return new RefreshSchedule(Kind.CONTINUOUS, Optional.of(DEFAULT_INTERVAL));
    }
    if (interval.strip().toLowerCase(Locale.ROOT).equals(OFF)) {
      return new RefreshSchedule(Kind.PAUSED, Optional.empty());
    }
    Duration every =
        Durations.parse(interval)
            .orElseThrow(
                () ->
                    invalid(
                        "Invalid value '"
                            + interval
                            + "' for property '"
                            + INTERVAL
                            + "'; allowed values: "
                            + Durations.ALLOWED
                            + ", or '"
                            + OFF
                            + "' to pause the refreshes."));
    if (every.compareTo(MIN_INTERVAL) < 0) {
      throw invalid(
          "Invalid value '"
              + interval
              + "' for property '"
              + INTERVAL
              + "'; the interval must be at least "
              + Durations.format(MIN_INTERVAL)
              + ".");
    }
    return new RefreshSchedule(
        every.compareTo(DEFAULT_INTERVAL) <= 0 ? Kind.CONTINUOUS : Kind.SCHEDULED,
        Optional.of(every));
  }

  private static TablewaveException invalid(String message) {
    return new TablewaveException(ErrorCode.INVALID_PROPERTY, message);
  }
}
