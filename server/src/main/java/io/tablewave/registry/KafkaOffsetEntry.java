package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

/**
 * The offsets of one partition loaded into a table.
 *
 * @param startOffset the first offset read, inclusive
 * @param endOffset the bound, exclusive
 */
public record KafkaOffsetEntry(
    String tableName, String topic, int partition, long startOffset, long endOffset) {
  public KafkaOffsetEntry {
    requireNonNull(tableName, "tableName is null");
    requireNonNull(topic, "topic is null");
  }
}
