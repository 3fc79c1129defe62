package io.tablewave.continuous;

import java.time.Instant;

/**
 * Where one continuous or scheduled table stands: when it is refreshed next, how its last refresh
 * ended, and whether one is running.
 *
 * @param nextAt when the next refresh is due
 * @param lastError the error of the last refresh, null when it succeeded
 * @param failures failed refreshes in a row
 * @param runningSession the session of the refresh running now, null when none runs
 */
record ScheduleState(
    String table, Instant nextAt, String lastError, int failures, String runningSession) {

  boolean running() {
    return runningSession != null;
  }

  ScheduleState started(String session) {
    return new ScheduleState(table, nextAt, lastError, failures, session);
  }

  ScheduleState succeeded(Instant next) {
    return new ScheduleState(table, next, null, 0, null);
  }

  ScheduleState failed(String error, Instant next) {
    return new ScheduleState(table, next, error, failures + 1, null);
  }

  ScheduleState dueAt(Instant next) {
    return new ScheduleState(table, next, lastError, failures, runningSession);
  }
}
