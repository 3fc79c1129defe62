package io.tablewave.source.kafka;

/** A record value that cannot become a row; carries the parse error, not the position. */
final class BadRecordException extends Exception {
  BadRecordException(String message) {
    super(message, null, false, false);
  }
}
