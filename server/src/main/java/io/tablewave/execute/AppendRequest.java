package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import io.tablewave.registry.KafkaOffsetEntry;
import io.tablewave.source.kafka.TopicLook;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An incremental refresh of one table: the rows its query gives for the records after its recorded
 * offsets, to be appended to the physical table it has.
 *
 * @param build the table's statement and columns; its physical name names the refresh's staging
 * @param tableName the table as the registry names it (its offsets are recorded under this name)
 * @param targetPhysical the physical table that holds the table's rows and receives the new ones
 * @param recordedTopicIds each topic's id when the table last read it
 * @param recordedOffsets the offsets the table recorded, of every topic it reads
 * @param look the batch's look at its topics, whose end offsets the refresh reads to; empty to look
 *     now
 * @param deltaReadInBatch whether tables of the batch read the rows appended afterwards, which must
 *     then be in a table of the store
 */
public record AppendRequest(
    MaterializeRequest build,
    String tableName,
    String targetPhysical,
    Map<String, String> recordedTopicIds,
    List<KafkaOffsetEntry> recordedOffsets,
    Optional<TopicLook> look,
    boolean deltaReadInBatch) {
  public AppendRequest {
    requireNonNull(build, "build is null");
    requireNonNull(tableName, "tableName is null");
    requireNonNull(targetPhysical, "targetPhysical is null");
    recordedTopicIds = Map.copyOf(recordedTopicIds);
    recordedOffsets = List.copyOf(recordedOffsets);
    requireNonNull(look, "look is null");
  }
}
