package io.tablewave.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.demo.EmbeddedKafka;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.source.kafka.TopicLoadSpec.Format;
import io.tablewave.source.kafka.TopicLoadSpec.OnBadRecord;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BoundedTopicReaderTest {
  private static EmbeddedKafka kafka;
  private static KafkaSourceSettings settings;
  private static KafkaTopics topics;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start();
    settings = KafkaSourceSettings.of(kafka.bootstrapServers());
    topics = new KafkaTopics(settings);
  }

  @AfterAll
  static void stopBroker() {
    topics.close();
    kafka.close();
  }

  private static LoadResult load(TopicLoadSpec spec, CollectingSink sink) {
    return load(spec, sink, new JsonSchemaInference());
  }

  private static LoadResult load(
      TopicLoadSpec spec, CollectingSink sink, JsonSchemaInference inference) {
    TopicBounds bounds = topics.bounds(spec);
    List<Column> columns = inference.infer(spec, bounds);
    return new BoundedTopicReader()
        .load(spec, bounds, columns, sink, LoadListener.NONE, () -> false);
  }

  private static TopicLoadSpec spec(String topic) {
    return TopicLoadSpec.defaults(topic, settings);
  }

  @Test
  void loadsEveryPartitionToItsBoundWithExactOffsets() {
    kafka.createTopic("four", 4);
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      for (int i = 0; i < 1_000; i++) {
        records.send(
            "four",
            i % 4,
            "k" + i,
            "{\"id\":"
                + i
                + ",\"price\":"
                + (i % 2 == 0 ? i : i + 0.5)
                + ",\"name\":\"n"
                + i
                + "\",\"ok\":"
                + (i % 3 == 0)
                + ",\"nested\":{\"a\":[1,2]},\"empty\":null}",
            1_700_000_000_000L + i);
      }
    }
    TopicBounds bounds = topics.bounds(spec("four"));
    assertThat(bounds.partitions())
        .containsExactly(
            new PartitionRange(0, 0, 250), new PartitionRange(1, 0, 250),
            new PartitionRange(2, 0, 250), new PartitionRange(3, 0, 250));
    assertThat(bounds.rowsExpected()).isEqualTo(1_000);

    List<Column> columns = new JsonSchemaInference().infer(spec("four"), bounds);
    assertThat(columns)
        .containsExactly(
            Column.of("id", ColumnType.BIGINT),
                new Column("price", ColumnType.DECIMAL, 18, 1, true),
            Column.of("name", ColumnType.VARCHAR), Column.of("ok", ColumnType.BOOLEAN),
            Column.of("nested", ColumnType.VARCHAR), Column.of("empty", ColumnType.VARCHAR),
            Column.of("_key", ColumnType.VARCHAR), Column.of("_partition", ColumnType.INTEGER),
            Column.of("_offset", ColumnType.BIGINT), Column.of("_timestamp", ColumnType.TIMESTAMP));

    CollectingSink sink = new CollectingSink();
    List<Long> progress = new ArrayList<>();
    LoadResult result =
        new BoundedTopicReader()
            .load(spec("four"), bounds, columns, sink, progress::add, () -> false);

    assertThat(result.rowsLoaded()).isEqualTo(1_000);
    assertThat(result.badRecords()).isZero();
    assertThat(result.unknownFields()).isEmpty();
    assertThat(result.partitions()).isEqualTo(bounds.partitions());
    assertThat(sink.threads).containsExactly(Thread.currentThread());
    assertThat(progress).last().isEqualTo(1_000L);
    assertThat(sink.rows)
        .extracting(r -> (Long) r[0])
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.LongStream.range(0, 1_000).boxed().toList());
    Object[] row7 = sink.rows.stream().filter(r -> r[0].equals(7L)).findFirst().orElseThrow();
    assertThat(row7)
        .containsExactly(
            7L,
            new java.math.BigDecimal("7.5"),
            "n7",
            false,
            "{\"a\":[1,2]}",
            null,
            "k7",
            3,
            1L,
            LocalDateTime.ofEpochSecond(1_700_000_000L, 7_000_000, ZoneOffset.UTC));
  }

  @Test
  void rowsSpreadOverSeveralSinksReachOneSinkEachAndEachSinkOneThread() throws Exception {
    kafka.createTopic("spread", 4);
    int records = 30_000;
    try (TestRecords sent = new TestRecords(kafka.bootstrapServers())) {
      for (int i = 0; i < records; i++) {
        sent.send("spread", i % 4, null, "{\"id\":" + i + "}");
      }
    }
    TopicBounds bounds = topics.bounds(spec("spread"));
    List<Column> columns = new JsonSchemaInference().infer(spec("spread"), bounds);
    List<CollectingSink> sinks = List.of(new CollectingSink(), new CollectingSink());
    List<Long> progress = new ArrayList<>();

    LoadResult result =
        new BoundedTopicReader()
            .load(spec("spread"), bounds, columns, sinks, progress::add, () -> false);

    assertThat(result.rowsLoaded()).isEqualTo(records);
    assertThat(progress).last().isEqualTo((long) records);
    List<Object[]> all = new ArrayList<>();
    sinks.forEach(sink -> all.addAll(sink.rows));
    assertThat(all)
        .extracting(r -> (Long) r[0])
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.LongStream.range(0, records).boxed().toList());
    assertThat(sinks.get(0).threads).containsExactly(Thread.currentThread());
    assertThat(sinks.get(1).threads)
        .hasSizeLessThanOrEqualTo(1)
        .doesNotContain(Thread.currentThread());
    // no writer thread is left to touch a sink once the load returned
    int[] sizes = sinks.stream().mapToInt(sink -> sink.rows.size()).toArray();
    Thread.sleep(200);
    assertThat(sinks.stream().mapToInt(sink -> sink.rows.size()).toArray()).isEqualTo(sizes);
  }

  @Test
  void aSinkFailingOnItsOwnThreadFailsTheLoadWithItsError() throws Exception {
    kafka.createTopic("spread-fail", 2);
    try (TestRecords sent = new TestRecords(kafka.bootstrapServers())) {
      for (int i = 0; i < 20_000; i++) {
        sent.send("spread-fail", i % 2, null, "{\"id\":" + i + "}");
      }
    }
    TopicBounds bounds = topics.bounds(spec("spread-fail"));
    List<Column> columns = new JsonSchemaInference().infer(spec("spread-fail"), bounds);
    CollectingSink slow = new CollectingSink();
    AtomicLong touchedAfterFailure = new AtomicLong();
    AtomicBoolean failed = new AtomicBoolean();
    List<io.tablewave.data.RowSink> sinks =
        List.of(
            row -> {
              if (failed.get()) {
                touchedAfterFailure.incrementAndGet();
              }
              slow.accept(row);
              if (slow.rows.size() % 1_000 == 0) {
                sleep(20); // the other writer takes chunks meanwhile
              }
            },
            row -> {
              failed.set(true);
              throw new TablewaveException(ErrorCode.LOAD_FAILED, "the store refused a row");
            });

    assertThatThrownBy(
            () ->
                new BoundedTopicReader()
                    .load(
                        spec("spread-fail"),
                        bounds,
                        columns,
                        sinks,
                        LoadListener.NONE,
                        () -> false))
        .isInstanceOf(TablewaveException.class)
        .hasMessage("the store refused a row");
    assertThat(slow.rows.size()).isLessThan(20_000);
    long touched = touchedAfterFailure.get();
    Thread.sleep(200);
    assertThat(touchedAfterFailure.get()).isEqualTo(touched);
  }

  @Test
  void emptyTopicLoadsNothingAndEnds() {
    kafka.createTopic("empty", 3);
    CollectingSink sink = new CollectingSink();
    LoadResult result = load(spec("empty"), sink);
    assertThat(result.rowsLoaded()).isZero();
    assertThat(result.partitions()).extracting(PartitionRange::size).containsOnly(0L);
    assertThat(new JsonSchemaInference().infer(spec("empty"), topics.bounds(spec("empty"))))
        .isEqualTo(KafkaColumns.METADATA);
  }

  @Test
  void recordsWrittenDuringTheLoadStayOutsideTheBound() throws Exception {
    kafka.createTopic("busy", 2);
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      for (int i = 0; i < 20_000; i++) {
        records.send("busy", i % 2, null, "{\"id\":" + i + "}");
      }
    }
    TopicBounds bounds = topics.bounds(spec("busy"));
    List<Column> columns = new JsonSchemaInference().infer(spec("busy"), bounds);
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicLong written = new AtomicLong();
    Thread writer =
        new Thread(
            () -> {
              try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
                while (writing.get()) {
                  records.send("busy", (int) (written.get() % 2), null, "{\"id\":-1}");
                  written.incrementAndGet();
                }
              }
            });
    writer.start();
    CollectingSink sink = new CollectingSink();
    LoadResult result =
        new BoundedTopicReader()
            .load(
                spec("busy"),
                bounds,
                columns,
                row -> {
                  sink.accept(row);
                  if (sink.rows.size() % 1_000 == 0) {
                    sleep(5); // give the writer time to append while we read
                  }
                },
                LoadListener.NONE,
                () -> false);
    writing.set(false);
    writer.join();
    assertThat(written.get()).isPositive();
    assertThat(result.rowsLoaded()).isEqualTo(20_000);
    assertThat(sink.rows).extracting(r -> (Long) r[0]).doesNotContain(-1L);
  }

  @Test
  void readsOnlyCommittedTransactions() throws Exception {
    kafka.createTopic("tx", 2);
    Map<String, Object> config =
        Map.of("transactional.id", "tw-test-tx", "enable.idempotence", "true");
    try (TestRecords records = new TestRecords(kafka.bootstrapServers(), config)) {
      KafkaProducer<byte[], byte[]> producer = records.producer();
      producer.initTransactions();
      producer.beginTransaction();
      for (int i = 0; i < 10; i++) {
        producer.send(new ProducerRecord<>("tx", i % 2, null, ("{\"id\":" + i + "}").getBytes()));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      for (int i = 100; i < 105; i++) {
        producer.send(new ProducerRecord<>("tx", i % 2, null, ("{\"id\":" + i + "}").getBytes()));
      }
      producer.flush();
      producer.abortTransaction();
      producer.beginTransaction();
      for (int i = 10; i < 20; i++) {
        producer.send(new ProducerRecord<>("tx", i % 2, null, ("{\"id\":" + i + "}").getBytes()));
      }
      producer.commitTransaction();
      producer.beginTransaction();
      for (int i = 200; i < 204; i++) {
        producer.send(new ProducerRecord<>("tx", i % 2, null, ("{\"id\":" + i + "}").getBytes()));
      }
      producer.flush();
      producer.abortTransaction();
    }
    awaitTransactionMarkers("tx", 2);
    CollectingSink sink = new CollectingSink();
    LoadResult result = load(spec("tx"), sink);
    assertThat(result.rowsLoaded()).isEqualTo(20);
    assertThat(sink.rows)
        .extracting(r -> (Long) r[0])
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.LongStream.range(0, 20).boxed().toList());
    // Partition 0 holds 5 + 3 + 5 + 2 records, partition 1 5 + 2 + 5 + 2, each plus 4
    // transaction markers: the ranges hold gaps and end after an aborted transaction.
    assertThat(result.partitions()).extracting(PartitionRange::endOffset).containsExactly(19L, 18L);
  }

  /**
   * Waits until the brokers wrote the markers of the last transactions: abortTransaction returns
   * before they are, and until then the last stable offset, which bounds a load, stops short.
   */
  private void awaitTransactionMarkers(String topic, int partitions) throws InterruptedException {
    List<TopicPartition> all = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      all.add(new TopicPartition(topic, p));
    }
    Map<String, Object> base =
        Map.of(
            "bootstrap.servers",
            kafka.bootstrapServers(),
            "key.deserializer",
            ByteArrayDeserializer.class.getName(),
            "value.deserializer",
            ByteArrayDeserializer.class.getName());
    Map<String, Object> committed = new java.util.HashMap<>(base);
    committed.put("isolation.level", "read_committed");
    try (KafkaConsumer<byte[], byte[]> stable = new KafkaConsumer<>(committed);
        KafkaConsumer<byte[], byte[]> written = new KafkaConsumer<>(base)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!stable.endOffsets(all).equals(written.endOffsets(all))) {
        assertThat(System.nanoTime())
            .as("transaction markers written within 30 s")
            .isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  @Test
  void compactedTopicWithGapsEnds() throws Exception {
    kafka.createTopic(
        "compacted",
        1,
        Map.of(
            "cleanup.policy",
            "compact",
            "segment.ms",
            "100",
            "min.cleanable.dirty.ratio",
            "0.01",
            "delete.retention.ms",
            "100",
            "min.compaction.lag.ms",
            "0"));
    long compactedCount = -1;
    long endOffset = 0;
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      long deadline = System.currentTimeMillis() + 60_000;
      int round = 0;
      while (System.currentTimeMillis() < deadline) {
        for (int i = 0; i < 50; i++) {
          records.send(
              "compacted", 0, "key" + (i % 5), "{\"round\":" + round + ",\"i\":" + i + "}");
        }
        records.flush();
        round++;
        sleep(200);
        endOffset = round * 50L;
        long visible = countWithPlainConsumer("compacted", 1);
        if (visible < endOffset - 60) {
          compactedCount = visible;
          break;
        }
      }
    }
    assertThat(compactedCount).as("the log cleaner compacted the topic").isPositive();
    CollectingSink sink = new CollectingSink();
    LoadResult result = load(spec("compacted"), sink);
    long end = endOffset;
    assertThat(result.partitions().get(0).endOffset()).isEqualTo(end);
    assertThat(result.rowsLoaded()).isLessThan(end).isEqualTo(sink.rows.size());
    assertThat(sink.rows)
        .extracting(r -> (Long) r[r.length - 2])
        .doesNotHaveDuplicates()
        .allMatch(offset -> offset < end);
  }

  @Test
  void malformedJsonFailsNamingTopicPartitionAndOffset() {
    kafka.createTopic("bad", 1);
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      records.send("bad", 0, null, "{\"id\":1}");
      records.send("bad", 0, null, "{\"id\":2}");
      records.send("bad", 0, null, "{\"id\":3,");
      records.send("bad", 0, null, "{\"id\":4}");
      records.send("bad", 0, null, "[1,2]");
    }
    assertThatThrownBy(() -> load(spec("bad"), new CollectingSink()))
        .isInstanceOfSatisfying(
            TablewaveException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_RECORD))
        .hasMessageContaining("bad record in topic bad partition 0 offset 2: malformed JSON")
        .hasMessageContaining("use WITH ('on-bad-record' = 'skip')");

    CollectingSink sink = new CollectingSink();
    LoadResult result = load(spec("bad").withOnBadRecord(OnBadRecord.SKIP), sink);
    assertThat(result.rowsLoaded()).isEqualTo(3);
    assertThat(result.badRecords()).isEqualTo(2);
    assertThat(sink.rows).extracting(r -> (Long) r[0]).containsExactly(1L, 2L, 4L);
  }

  @Test
  void valueContradictingItsColumnTypeIsABadRecord() {
    kafka.createTopic("contradiction", 1);
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      for (int i = 0; i < 20; i++) {
        records.send("contradiction", 0, null, "{\"amount\":" + i + ",\"flag\":true}");
      }
      records.send("contradiction", 0, null, "{\"amount\":\"twelve\",\"flag\":true}");
      records.send("contradiction", 0, null, "{\"amount\":1,\"flag\":\"yes\"}");
    }
    JsonSchemaInference sampleOf20 = new JsonSchemaInference(20);
    assertThatThrownBy(() -> load(spec("contradiction"), new CollectingSink(), sampleOf20))
        .isInstanceOfSatisfying(
            TablewaveException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_RECORD))
        .hasMessageContaining("partition 0 offset 20")
        .hasMessageContaining("field 'amount' is string \"twelve\" but its column is BIGINT");
    LoadResult skipped =
        load(
            spec("contradiction").withOnBadRecord(OnBadRecord.SKIP),
            new CollectingSink(),
            sampleOf20);
    assertThat(skipped.rowsLoaded()).isEqualTo(20);
    assertThat(skipped.badRecords()).isEqualTo(2);
  }

  @Test
  void fieldsAppearingAfterTheSampleAreReported() {
    kafka.createTopic("drift", 1);
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      for (int i = 0; i < 10; i++) {
        records.send("drift", 0, null, "{\"id\":" + i + "}");
      }
      for (int i = 10; i < 25; i++) {
        records.send(
            "drift",
            0,
            null,
            "{\"id\":" + i + ",\"coupon\":\"X\"" + (i % 5 == 0 ? ",\"note\":1" : "") + "}");
      }
    }
    CollectingSink sink = new CollectingSink();
    LoadResult result = load(spec("drift"), sink, new JsonSchemaInference(10));
    assertThat(result.rowsLoaded()).isEqualTo(25);
    assertThat(result.unknownFields()).isEqualTo(Map.of("coupon", 15L, "note", 3L));
    assertThat(result.degraded()).isTrue();
    assertThat(sink.rows.get(0)).hasSize(5);
  }

  @Test
  void integersInADoubleColumnLoadAsDoubles() {
    kafka.createTopic("mixed", 1);
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      records.send("mixed", 0, null, "{\"x\":1.5}");
      records.send("mixed", 0, null, "{\"x\":2}");
      records.send("mixed", 0, null, "{\"y\":true}");
    }
    CollectingSink sink = new CollectingSink();
    // 1.5 alone would be inferred DECIMAL(18, 1): the column is declared DOUBLE
    load(
        spec("mixed").withDeclaredColumns(List.of(Column.of("x", ColumnType.DOUBLE))),
        sink,
        new JsonSchemaInference(1));
    assertThat(sink.rows).extracting(r -> r[0]).containsExactly(1.5, 2.0, null);
  }

  @Test
  void csvAndRawKeepTheWholeValue() {
    kafka.createTopic("lines", 1);
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      records.send("lines", 0, "a", "1,alice,3.5");
      records.send("lines", 0, null, "{not json");
      records.send("lines", 0, "c", null);
    }
    for (Format format : List.of(Format.CSV, Format.RAW)) {
      TopicLoadSpec spec = spec("lines").withFormat(format);
      List<Column> columns = new JsonSchemaInference().infer(spec, topics.bounds(spec));
      assertThat(columns)
          .extracting(Column::name)
          .containsExactly("_value", "_key", "_partition", "_offset", "_timestamp");
      CollectingSink sink = new CollectingSink();
      LoadResult result = load(spec, sink);
      assertThat(result.rowsLoaded()).isEqualTo(3);
      assertThat(sink.rows).extracting(r -> r[0]).containsExactly("1,alice,3.5", "{not json", null);
      assertThat(sink.rows).extracting(r -> r[1]).containsExactly("a", null, "c");
    }
  }

  @Test
  void startupAndBoundTimestampsSelectTheRange() {
    kafka.createTopic("timed", 1);
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      for (int i = 0; i < 10; i++) {
        records.send("timed", 0, null, "{\"id\":" + i + "}", 1_000_000L + i * 1_000L);
      }
    }
    TopicLoadSpec spec =
        spec("timed")
            .withStartup(TopicLoadSpec.Startup.timestamp(1_003_000L))
            .withBound(TopicLoadSpec.Bound.timestamp(1_007_000L));
    assertThat(topics.bounds(spec).partitions()).containsExactly(new PartitionRange(0, 3, 7));
    CollectingSink sink = new CollectingSink();
    assertThat(load(spec, sink).rowsLoaded()).isEqualTo(4);
    assertThat(sink.rows).extracting(r -> (Long) r[0]).containsExactly(3L, 4L, 5L, 6L);
    TopicLoadSpec latest = spec("timed").withStartup(TopicLoadSpec.Startup.latest());
    assertThat(topics.bounds(latest).rowsExpected()).isZero();
  }

  @Test
  void cancellationStopsAndClosesTheConsumersQuickly() throws Exception {
    kafka.createTopic("long", 4);
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      for (int i = 0; i < 40_000; i++) {
        records.send("long", i % 4, null, "{\"id\":" + i + "}");
      }
    }
    TopicBounds bounds = topics.bounds(spec("long"));
    List<Column> columns = new JsonSchemaInference().infer(spec("long"), bounds);
    AtomicBoolean cancelled = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    AtomicLong rows = new AtomicLong();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicLong cancelledAt = new AtomicLong();
    AtomicLong endedAt = new AtomicLong();
    Thread loader =
        new Thread(
            () -> {
              try {
                new BoundedTopicReader()
                    .load(
                        spec("long"),
                        bounds,
                        columns,
                        row -> {
                          started.countDown();
                          rows.incrementAndGet();
                          sleep(1); // a slow store
                        },
                        LoadListener.NONE,
                        cancelled::get);
              } catch (Throwable t) {
                thrown.set(t);
              } finally {
                endedAt.set(System.nanoTime());
              }
            });
    loader.start();
    started.await();
    Thread.sleep(300);
    cancelledAt.set(System.nanoTime());
    cancelled.set(true);
    loader.join(10_000);
    assertThat(loader.isAlive()).isFalse();
    assertThat(Duration.ofNanos(endedAt.get() - cancelledAt.get()))
        .isLessThan(Duration.ofSeconds(2));
    assertThat(rows.get()).isLessThan(40_000);
    assertThat(thrown.get())
        .isInstanceOfSatisfying(
            TablewaveException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.CANCELLED));
    Set<String> readerThreads =
        Thread.getAllStackTraces().keySet().stream()
            .map(Thread::getName)
            .filter(n -> n.startsWith("kafka-load-long"))
            .collect(Collectors.toSet());
    assertThat(readerThreads).isEmpty();
  }

  @Test
  void topicsAreListedWithoutInternalOnesAndMissingTopicsAreNamed() {
    kafka.createTopic("listed", 2);
    assertThat(topics.exists("listed")).isTrue();
    assertThat(topics.exists("nope")).isFalse();
    assertThat(topics.listTopics()).contains("listed").noneMatch(t -> t.startsWith("__"));
    assertThat(topics.partitions("listed"))
        .containsExactly(new TopicPartition("listed", 0), new TopicPartition("listed", 1));
    assertThatThrownBy(() -> topics.partitions("nope"))
        .isInstanceOfSatisfying(
            TablewaveException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.MISSING_TOPIC))
        .hasMessageContaining("'nope' does not exist");
  }

  private static long countWithPlainConsumer(String topic, int partitions) {
    Map<String, Object> config =
        Map.of("bootstrap.servers", kafka.bootstrapServers(), "isolation.level", "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> tps = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        tps.add(new TopicPartition(topic, p));
      }
      consumer.assign(tps);
      consumer.seekToBeginning(tps);
      Map<TopicPartition, Long> ends = consumer.endOffsets(tps);
      long count = 0;
      while (tps.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
        count += records.count();
      }
      return count;
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
