package io.tablewave.jdbc;

import java.util.Optional;

/**
 * The batch reports of one connection's responses, handed from the translation that reads a
 * response to the JDBC call that made the request. Avatica sends a request and reads its response
 * on the calling thread, so a report waits per thread: the call {@link #clear() clears}, sends,
 * then {@link #take() takes}.
 */
final class BatchReports {
  private final ThreadLocal<BatchReport> received = new ThreadLocal<>();

  /** A response read on this thread carried {@code report}. */
  void received(BatchReport report) {
    received.set(report);
  }

  /** Forgets any report this thread received before a new request. */
  void clear() {
    received.remove();
  }

  /** The report the request made on this thread received, if any; forgotten once taken. */
  Optional<BatchReport> take() {
    BatchReport report = received.get();
    received.remove();
    return Optional.ofNullable(report);
  }
}
