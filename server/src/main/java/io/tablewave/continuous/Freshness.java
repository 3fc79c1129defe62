package io.tablewave.continuous;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * How fresh one table is: a row of {@code SYS.FRESHNESS}, and the figures of the freshness gauges.
 *
 * @param refreshMode FULL, INCREMENTAL, CONTINUOUS or SCHEDULED
 * @param refreshInterval the interval of a continuous or scheduled table ({@code 1s}, {@code 5m}),
 *     {@code off} when paused, null otherwise
 * @param lastRefreshAt when the table was last loaded or found up to date
 * @param recordsBehind committed records of the topics upstream not in the table yet; null when the
 *     topics cannot be read now, or the table reads none
 * @param lagMillis how old the oldest of those records is, 0 when there is none; null as above
 * @param nextRefreshAt when the server refreshes it next, null when it does not by itself
 * @param lastError why its last refresh failed, null when it succeeded
 */
public record Freshness(
    String tableName,
    String refreshMode,
    String refreshInterval,
    Instant lastRefreshAt,
    Long recordsBehind,
    Long lagMillis,
    Instant nextRefreshAt,
    String lastError) {
  public Freshness {
    requireNonNull(tableName, "tableName is null");
    requireNonNull(refreshMode, "refreshMode is null");
  }
}
