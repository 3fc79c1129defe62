package io.tablewave.source.kafka;

import io.tablewave.data.Column;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.sql.TableProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Kafka clusters a server reads: the default one of {@code --kafka-bootstrap} and any a table
 * names with {@code 'kafka.bootstrap.servers'}. Keeps one admin client per cluster.
 */
public final class KafkaCatalog implements AutoCloseable {

  /** Complete samples kept, one per topic and way of reading it. */
  private static final int SAMPLES_KEPT = 1_000;

  private final String defaultBootstrapServers;
  private final Map<KafkaSourceSettings, KafkaTopics> clients = new ConcurrentHashMap<>();
  private final JsonSchemaInference inference = new JsonSchemaInference();
  private final SampledColumns sampled = new SampledColumns(SAMPLES_KEPT);

  /**
   * @param defaultBootstrapServers the default cluster, or null when none is configured
   */
  public KafkaCatalog(String defaultBootstrapServers) {
    this.defaultBootstrapServers =
        defaultBootstrapServers == null || defaultBootstrapServers.isBlank()
            ? null
            : defaultBootstrapServers.strip();
  }

  public Optional<String> defaultBootstrapServers() {
    return Optional.ofNullable(defaultBootstrapServers);
  }

  /** What a table's WITH properties say about reading {@code topic}. */
  public TopicLoadSpec spec(String topic, TableProperties tableProperties) {
    TopicLoadSpec spec = TopicLoadSpecs.from(topic, tableProperties, defaultBootstrapServers);
    if (spec.settings().bootstrapServers().isBlank()) {
      throw new TablewaveException(
          ErrorCode.SOURCE_UNAVAILABLE,
          "topic '"
              + topic
              + "' cannot be read: no Kafka"
              + " cluster is configured (start the server with --kafka-bootstrap HOST:PORT or give"
              + " 'kafka.bootstrap.servers' in WITH)");
    }
    return spec;
  }

  /** A look at topics for one batch, which asks the cluster once per topic. */
  public TopicLook look() {
    return new TopicLook(this);
  }

  public KafkaTopics topics(KafkaSourceSettings settings) {
    return clients.computeIfAbsent(settings, KafkaTopics::new);
  }

  /**
   * The columns of a table loading {@code spec} within {@code bounds}, as {@link
   * #columns(TopicLoadSpec, TopicSnapshot)} gives them.
   */
  public List<Column> columns(TopicLoadSpec spec, TopicBounds bounds) {
    if (KafkaColumns.isTextFormat(spec.format())) {
      return inference.infer(spec, bounds);
    }
    return columns(spec, bounds, topics(spec.settings()).topicId(spec.topic()));
  }

  /**
   * The columns of a table that reads {@code spec} within the snapshot's ranges: inferred from a
   * sample of the records it would read. This is the one place a topic's columns come from:
   * planning validates the queries of a batch against them and hands them to the load, which writes
   * exactly these columns.
   *
   * @throws TablewaveException when the topic cannot be read
   */
  List<Column> columns(TopicLoadSpec spec, TopicSnapshot snapshot) {
    return columns(spec, snapshot.bounds(), snapshot.topicId());
  }

  private List<Column> columns(TopicLoadSpec spec, TopicBounds bounds, String topicId) {
    if (KafkaColumns.isTextFormat(spec.format())) {
      return inference.infer(spec, bounds);
    }
    SampledColumns.Key key = SampledColumns.Key.of(spec, topicId, bounds);
    Optional<List<Column>> known = sampled.get(key);
    if (known.isPresent()) {
      return known.get();
    }
    JsonSchemaInference.Sample sample = inference.sample(spec, bounds);
    if (sample.complete()) {
      sampled.put(key, sample.columns());
    }
    return sample.columns();
  }

  /** Empty when the topic can be read with these table properties, else why not. */
  public Optional<String> problem(String topic, Map<String, String> tableProperties) {
    try {
      TopicLoadSpec spec = spec(topic, TableProperties.parse(tableProperties));
      if (!topics(spec.settings()).exists(topic)) {
        return Optional.of(
            "topic '"
                + topic
                + "' does not exist on Kafka cluster "
                + spec.settings().bootstrapServers());
      }
      return Optional.empty();
    } catch (TablewaveException e) {
      return Optional.of(e.getMessage());
    }
  }

  @Override
  public void close() {
    clients.values().forEach(KafkaTopics::close);
    clients.clear();
  }
}
