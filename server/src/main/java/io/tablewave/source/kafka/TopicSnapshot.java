package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

/**
 * A topic as one look at it found it: its id, which tells it from a topic deleted and created again
 * under the same name, and the offset ranges a load would read.
 */
public record TopicSnapshot(String topicId, TopicBounds bounds) {
  public TopicSnapshot {
    requireNonNull(topicId, "topicId is null");
    requireNonNull(bounds, "bounds is null");
  }
}
