package io.tablewave.refresh;

import java.util.Map;
import java.util.Optional;

/**
 * What a load of a topic would read now, as text: the topic's id, then after a space the offset
 * ranges; equal texts mean the same records.
 */
@FunctionalInterface
public interface TopicVersions {
  /** Empty when that cannot be known; a table reading the topic is then never up to date. */
  Optional<String> dataVersion(String topic, Map<String, String> tableProperties);
}
