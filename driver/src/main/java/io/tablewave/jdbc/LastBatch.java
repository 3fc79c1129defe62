package io.tablewave.jdbc;

import java.sql.SQLWarning;
import java.util.OptionalLong;

/**
 * What the last batch of a connection or a statement left to its caller: the batch's id and the
 * warnings that reported it. Thread-safe: progress threads add warnings while the caller reads.
 */
final class LastBatch {
  private static final long NONE = -1;

  private volatile long batchId = NONE;
  private SQLWarning warnings;

  void submitted(long id) {
    batchId = id;
  }

  /** A new execution starts: no batch and no warnings until it reports its own. */
  synchronized void reset() {
    batchId = NONE;
    warnings = null;
  }

  OptionalLong batchId() {
    long id = batchId;
    return id == NONE ? OptionalLong.empty() : OptionalLong.of(id);
  }

  synchronized SQLWarning warnings() {
    return warnings;
  }

  synchronized void clearWarnings() {
    warnings = null;
  }

  synchronized void addWarning(SQLWarning warning) {
    if (warnings == null) {
      warnings = warning;
    } else {
      warnings.setNextWarning(warning);
    }
  }
}
