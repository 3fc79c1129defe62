package io.tablewave.refresh;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.registry.KafkaOffsetEntry;
import io.tablewave.source.kafka.PartitionRange;
import io.tablewave.source.kafka.TopicBounds;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where an incremental refresh reads a topic: each partition from the next offset its table
 * recorded, a partition the table never read from its first offset, up to the end taken when the
 * refresh starts. It refuses, naming topic, partition and offsets, when the topic no longer holds
 * what the recorded offsets say: a new topic id, a partition gone, an end below the recorded offset
 * (the topic was recreated), a log start above it (retention deleted records never read).
 */
public final class OffsetContinuation {
  private OffsetContinuation() {}

  /** The ranges to read and the table's offsets once they are read. */
  public record Continuation(List<PartitionRange> ranges, List<KafkaOffsetEntry> offsetsAfter) {
    public Continuation {
      ranges = List.copyOf(ranges);
      offsetsAfter = List.copyOf(offsetsAfter);
    }
  }

  /**
   * @param recordedTopicId the topic's id when the table last read it, or null when unknown
   * @param recorded the offsets the table recorded for this topic
   * @param topicId the topic's id now
   * @param now each partition's range from its log start to the end bound taken now
   */
  public static Continuation continueFrom(
      String table,
      String topic,
      String recordedTopicId,
      List<KafkaOffsetEntry> recorded,
      String topicId,
      TopicBounds now) {
    String fix =
        "; run REFRESH TABLE " + table + " FULL to reload it from what the topic holds now";
    if (recordedTopicId != null && !recordedTopicId.equals(topicId)) {
      throw new TablewaveException(
          ErrorCode.SOURCE_CHANGED,
          "topic '"
              + topic
              + "' was deleted and created again since table "
              + table
              + " read it (topic id "
              + recordedTopicId
              + ", now "
              + topicId
              + "): its recorded offsets "
              + describe(recorded)
              + " do not name the new topic's records"
              + fix);
    }
    Map<Integer, PartitionRange> current = new HashMap<>();
    now.partitions().forEach(range -> current.put(range.partition(), range));
    Map<Integer, KafkaOffsetEntry> read = new HashMap<>();
    for (KafkaOffsetEntry entry : recorded) {
      read.put(entry.partition(), entry);
      PartitionRange range = current.get(entry.partition());
      if (range == null) {
        throw new TablewaveException(
            ErrorCode.SOURCE_CHANGED,
            "partition "
                + entry.partition()
                + " of topic '"
                + topic
                + "' no longer exists (the topic has "
                + now.partitions().size()
                + " partitions); table "
                + table
                + " had read it up to offset "
                + entry.endOffset()
                + fix);
      }
      if (range.endOffset() < entry.endOffset()) {
        throw new TablewaveException(
            ErrorCode.SOURCE_CHANGED,
            "partition "
                + entry.partition()
                + " of topic '"
                + topic
                + "' ends at offset "
                + range.endOffset()
                + ", below offset "
                + entry.endOffset()
                + " that table "
                + table
                + " had read up to: the topic was deleted and created again or its records"
                + " deleted"
                + fix);
      }
      if (range.startOffset() > entry.endOffset()) {
        throw new TablewaveException(
            ErrorCode.SOURCE_CHANGED,
            "records of partition "
                + entry.partition()
                + " of topic '"
                + topic
                + "' at offsets "
                + entry.endOffset()
                + " to "
                + (range.startOffset() - 1)
                + " were deleted (retention) before table "
                + table
                + " read them: the partition now starts at offset "
                + range.startOffset()
                + fix);
      }
    }
    List<PartitionRange> ranges = new ArrayList<>();
    List<KafkaOffsetEntry> after = new ArrayList<>();
    for (PartitionRange range : now.partitions()) {
      KafkaOffsetEntry previous = read.get(range.partition());
      long from = previous == null ? range.startOffset() : previous.endOffset();
      long first = previous == null ? range.startOffset() : previous.startOffset();
      ranges.add(new PartitionRange(range.partition(), from, range.endOffset()));
      after.add(new KafkaOffsetEntry(table, topic, range.partition(), first, range.endOffset()));
    }
    return new Continuation(ranges, after);
  }

  private static String describe(List<KafkaOffsetEntry> recorded) {
    List<String> parts = new ArrayList<>();
    for (KafkaOffsetEntry entry : recorded) {
      parts.add("partition " + entry.partition() + " up to offset " + entry.endOffset());
    }
    return parts.isEmpty() ? "(none)" : String.join(", ", parts);
  }
}
