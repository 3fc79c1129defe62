package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.registry.KafkaOffsetEntry;
import io.tablewave.source.kafka.BoundedTopicReader;
import io.tablewave.source.kafka.KafkaCatalog;
import io.tablewave.source.kafka.LoadListener;
import io.tablewave.source.kafka.LoadResult;
import io.tablewave.source.kafka.PartitionRange;
import io.tablewave.source.kafka.TopicBounds;
import io.tablewave.source.kafka.TopicLoadSpec;
import io.tablewave.sql.TableProperties;
import io.tablewave.store.PhysicalNames;
import io.tablewave.store.Store;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the bounded snapshot of each Kafka topic a query reads into a staging table of the store,
 * streaming: rows go to the store's bulk path while partitions are read, so memory stays bounded
 * whatever the topic's size. The query then runs over the staging tables.
 */
final class KafkaStaging {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaStaging.class);
  private static final int MAX_EXTRA_CONNECTIONS = 4;

  /**
   * Records below which a topic is staged by one writer: another writer costs a connection and a
   * transaction, and only gains on loads that keep one writer busy for a good while.
   */
  private static final long ROWS_PER_WRITER = 100_000;

  private final Store store;
  private final KafkaCatalog catalog;
  private final BoundedTopicReader reader;

  /**
   * Connections the writers after a load's first may take, server-wide: a load that finds none free
   * writes with fewer writers rather than wait for the pool.
   */
  private final Semaphore extraConnections = new Semaphore(MAX_EXTRA_CONNECTIONS);

  KafkaStaging(Store store, KafkaCatalog catalog) {
    this.store = requireNonNull(store, "store is null");
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.reader =
        new BoundedTopicReader(
            BoundedTopicReader.DEFAULT_MAX_READERS,
            settings -> catalog.topics(settings).consumers());
  }

  /**
   * The staged topics: topic to staging table, or to the rows kept in memory for a topic staged
   * with a memory budget they fit in; the rows staged, and what reading them found.
   */
  record Staged(
      Map<String, String> tables,
      Map<String, List<Object[]>> kept,
      long rows,
      long badRecords,
      String issues,
      List<KafkaOffsetEntry> offsets) {}

  /**
   * Stages every topic; on failure drops what was staged. The caller drops the staging tables of a
   * successful call once the query has run.
   *
   * @param plannedColumns the columns of each topic as planning found them, which the staging
   *     tables get; a topic missing here gets the columns a sample taken now shows
   */
  Staged stage(
      String tableName,
      String physicalName,
      List<String> topics,
      Map<String, String> properties,
      Map<String, List<Column>> plannedColumns,
      CancellationToken token,
      LoadProgress progress) {
    return stage(
        tableName,
        physicalName,
        topics,
        properties,
        plannedColumns,
        spec -> catalog.topics(spec.settings()).bounds(spec),
        0,
        token,
        progress);
  }

  /**
   * Stages the ranges {@code boundsOf} gives for each topic, taken once per topic before any is
   * read.
   *
   * @param memoryBudget the bytes the rows of a topic may take in memory to be kept there instead
   *     of in a staging table; 0 to stage every topic in a table
   */
  Staged stage(
      String tableName,
      String physicalName,
      List<String> topics,
      Map<String, String> properties,
      Map<String, List<Column>> plannedColumns,
      Function<TopicLoadSpec, TopicBounds> boundsOf,
      long memoryBudget,
      CancellationToken token,
      LoadProgress progress) {
    List<TopicLoadSpec> specs = new ArrayList<>();
    List<TopicBounds> bounds = new ArrayList<>();
    long expected = 0;
    for (String topic : topics) {
      TopicLoadSpec spec = catalog.spec(topic, TableProperties.parse(properties));
      TopicBounds topicBounds = boundsOf.apply(spec);
      specs.add(spec);
      bounds.add(topicBounds);
      expected += topicBounds.rowsExpected();
    }
    progress.rowsExpected(expected);

    Map<String, String> staged = new LinkedHashMap<>();
    Map<String, List<Object[]>> kept = new LinkedHashMap<>();
    List<KafkaOffsetEntry> offsets = new ArrayList<>();
    List<String> issues = new ArrayList<>();
    long badRecords = 0;
    AtomicLong loadedBefore = new AtomicLong();
    try {
      for (int i = 0; i < specs.size(); i++) {
        TopicLoadSpec spec = specs.get(i);
        String stagingTable = PhysicalNames.stagedTopic(physicalName, i);
        List<Column> planned = plannedColumns.get(spec.topic());
        List<Column> columns = planned != null ? planned : catalog.columns(spec, bounds.get(i));
        long base = loadedBefore.get();
        LoadListener listener = rows -> progress.rowsLoaded(base + rows);
        LoadResult result;
        int writers = writers(memoryBudget, bounds.get(i));
        if (writers > 1) {
          try (ParallelTableWriters writer =
              new ParallelTableWriters(store, stagingTable, columns, writers, extraConnections)) {
            LOG.info(
                "staging {} records of Kafka topic '{}' with {} writers",
                bounds.get(i).rowsExpected(),
                spec.topic(),
                writer.sinks().size());
            result =
                reader.load(
                    spec, bounds.get(i), columns, writer.sinks(), listener, token::isCancelled);
            writer.finish();
            staged.put(spec.topic(), stagingTable);
          }
        } else {
          try (SpillingRows writer = new SpillingRows(store, stagingTable, columns, memoryBudget)) {
            result =
                reader.load(spec, bounds.get(i), columns, writer, listener, token::isCancelled);
            writer.finish();
            if (writer.spilled()) {
              staged.put(spec.topic(), stagingTable);
            } else {
              kept.put(spec.topic(), writer.kept());
            }
          }
        }
        loadedBefore.addAndGet(result.rowsLoaded());
        badRecords += result.badRecords();
        if (result.badRecords() > 0) {
          issues.add(
              result.badRecords() + " bad records of topic '" + spec.topic() + "' were skipped");
        }
        if (!result.unknownFields().isEmpty()) {
          issues.add(
              "fields of topic '"
                  + spec.topic()
                  + "' that appeared after the schema sample were not loaded: "
                  + describe(result.unknownFields())
                  + "; reload the table to take them in");
        }
        for (PartitionRange range : result.partitions()) {
          offsets.add(
              new KafkaOffsetEntry(
                  tableName,
                  spec.topic(),
                  range.partition(),
                  range.startOffset(),
                  range.endOffset()));
        }
      }
    } catch (RuntimeException e) {
      drop(staged);
      throw e;
    }
    return new Staged(
        staged,
        kept,
        loadedBefore.get(),
        badRecords,
        issues.isEmpty() ? null : String.join("; ", issues),
        offsets);
  }

  /**
   * How many writers stage a topic's {@code bounds}: one for rows that may stay in memory or are
   * too few for more writers to gain, else as many as the store writes one table with.
   */
  private int writers(long memoryBudget, TopicBounds bounds) {
    return memoryBudget == 0 && bounds.rowsExpected() >= ROWS_PER_WRITER
        ? store.parallelWriters()
        : 1;
  }

  void drop(Map<String, String> staged) {
    staged.values().forEach(store::dropTableIfExists);
  }

  private static String describe(Map<String, Long> unknownFields) {
    List<String> parts = new ArrayList<>();
    unknownFields.forEach((field, count) -> parts.add(field + " (" + count + " records)"));
    return String.join(", ", parts);
  }
}
