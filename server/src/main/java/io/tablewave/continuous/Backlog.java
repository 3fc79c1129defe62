package io.tablewave.continuous;

/**
 * What a table has not read yet of the topics upstream of it.
 *
 * @param records committed records not in the table yet
 * @param oldestTimestamp the timestamp of the oldest of them (epoch milliseconds), or -1 when there
 *     is none or it cannot be told
 */
record Backlog(long records, long oldestTimestamp) {
  static final Backlog NONE = new Backlog(0, -1);

  /** The larger backlog of the two: more records, the older record. */
  Backlog max(Backlog other) {
    long oldest =
        oldestTimestamp < 0
            ? other.oldestTimestamp
            : other.oldestTimestamp < 0
                ? oldestTimestamp
                : Math.min(oldestTimestamp, other.oldestTimestamp);
    return new Backlog(Math.max(records, other.records), oldest);
  }

  /** Both backlogs: their records added, the older record. */
  Backlog plus(Backlog other) {
    return new Backlog(records + other.records, max(other).oldestTimestamp);
  }

  long lagMillis(long nowMillis) {
    return records == 0 || oldestTimestamp < 0 ? 0 : Math.max(0, nowMillis - oldestTimestamp);
  }
}
