package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The {@code KAFKA} schema: one {@link KafkaTopicTable} per topic of the cluster, listed live on
 * every lookup. A table keeps its inferred columns while its topic exists.
 */
public final class KafkaSchema extends AbstractSchema {
  private final KafkaTopics topics;
  private final JsonSchemaInference inference;
  private final Map<String, KafkaTopicTable> tables = new ConcurrentHashMap<>();

  public KafkaSchema(KafkaTopics topics, JsonSchemaInference inference) {
    this.topics = requireNonNull(topics, "topics is null");
    this.inference = requireNonNull(inference, "inference is null");
  }

  public KafkaSchema(KafkaTopics topics) {
    this(topics, new JsonSchemaInference());
  }

  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> map = new LinkedHashMap<>();
    for (String topic : topics.listTopics()) {
      map.put(
          topic,
          tables.computeIfAbsent(
              topic,
              t ->
                  new KafkaTopicTable(
                      topics, TopicLoadSpec.defaults(t, topics.settings()), inference)));
    }
    tables.keySet().retainAll(map.keySet());
    return map;
  }

  @Override
  public boolean isMutable() {
    return false;
  }
}
