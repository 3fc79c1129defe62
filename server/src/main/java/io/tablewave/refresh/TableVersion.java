package io.tablewave.refresh;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a table was last built from, and how.
 *
 * @param loadBatchId the batch that built the data the table holds (its load id)
 * @param fingerprint digest of its normalized statement, properties, store and inputs' fingerprints
 * @param dataVersion digest of what its inputs held: their load ids, each topic's id and offsets
 * @param refreshMode {@code FULL} or {@code INCREMENTAL}: how it is refreshed
 * @param refreshReason why it is refreshed that way
 * @param topicIds the id of each topic it read, by topic name
 */
public record TableVersion(
    String tableName,
    long loadBatchId,
    String fingerprint,
    String dataVersion,
    String refreshMode,
    String refreshReason,
    Map<String, String> topicIds) {
  public TableVersion {
    requireNonNull(tableName, "tableName is null");
    requireNonNull(fingerprint, "fingerprint is null");
    requireNonNull(dataVersion, "dataVersion is null");
    requireNonNull(refreshMode, "refreshMode is null");
    requireNonNull(refreshReason, "refreshReason is null");
    topicIds = Collections.unmodifiableMap(new TreeMap<>(topicIds));
  }

  /** The same version, refreshed as {@code reason} says. */
  public TableVersion withRefreshReason(String reason) {
    return new TableVersion(
        tableName, loadBatchId, fingerprint, dataVersion, refreshMode, reason, topicIds);
  }

  /** The same version, of the data batch {@code batchId} built. */
  public TableVersion loadedBy(long batchId) {
    return new TableVersion(
        tableName, batchId, fingerprint, dataVersion, refreshMode, refreshReason, topicIds);
  }
}
