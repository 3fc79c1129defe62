package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.data.RowSink;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.source.kafka.TopicLoadSpec.OnBadRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the bounded ranges of a topic into {@link RowSink}s. Partitions are read in parallel by up
 * to {@code maxReaders} consumer threads, which decode records into rows and hand them in chunks
 * through a small bounded queue to the writers: the calling thread with the first sink, and a
 * thread for each further sink, each the only one that touches its sink. Memory therefore stays
 * bounded by the queue, whatever the topic size.
 */
public final class BoundedTopicReader {
  public static final int DEFAULT_MAX_READERS = 4;
  private static final int CHUNK_ROWS = 1_000;

  /**
   * Records below which one more reader costs more than it gains: each reader is a consumer with
   * its own connection, metadata request and fetch session, so a refresh of a few thousand records
   * is read by one.
   */
  private static final long RECORDS_PER_READER = 100_000;

  private static final int QUEUE_CHUNKS = 16;

  /** Put in the queue by a reader that has read all its ranges. */
  private static final List<Object[]> READ_TO_END = List.of();

  private static final Logger LOG = LoggerFactory.getLogger(BoundedTopicReader.class);

  /**
   * How often the rows written so far are reported while a topic is read: often enough that a
   * client polling every 100 ms sees a load of half a second move.
   */
  private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private static final long STOP_WAIT_MILLIS = 5_000;

  private final int maxReaders;
  private final Function<KafkaSourceSettings, ConsumerPool> consumers;

  /**
   * @param consumers the consumers of each cluster, kept between loads
   */
  public BoundedTopicReader(int maxReaders, Function<KafkaSourceSettings, ConsumerPool> consumers) {
    if (maxReaders <= 0) {
      throw new IllegalArgumentException("maxReaders must be positive");
    }
    this.maxReaders = maxReaders;
    this.consumers = requireNonNull(consumers, "consumers is null");
  }

  /** A reader whose consumers are made for each load and closed after it. */
  public BoundedTopicReader(int maxReaders) {
    this(maxReaders, settings -> new ConsumerPool(settings, 0));
  }

  public BoundedTopicReader() {
    this(DEFAULT_MAX_READERS);
  }

  /**
   * Reads every range of {@code bounds} to its end and passes each row to {@code sink} on this
   * thread. Returns when all ranges are read; throws {@code BAD_RECORD} (on-bad-record fail),
   * {@code CANCELLED} (when {@code cancelled} turns true or this thread is interrupted; the
   * consumers are stopped and closed within about a second) or what the sink threw.
   *
   * @param columns the table's columns, as from {@link JsonSchemaInference#infer}
   */
  public LoadResult load(
      TopicLoadSpec spec,
      TopicBounds bounds,
      List<Column> columns,
      RowSink sink,
      LoadListener listener,
      BooleanSupplier cancelled) {
    return load(spec, bounds, columns, List.of(sink), listener, cancelled);
  }

  /**
   * As {@link #load(TopicLoadSpec, TopicBounds, List, RowSink, LoadListener, BooleanSupplier)},
   * with the rows spread over {@code sinks}: the first written on this thread, each other on a
   * thread of its own. Every row goes to one sink; when this returns or throws, no thread touches a
   * sink any more.
   */
  public LoadResult load(
      TopicLoadSpec spec,
      TopicBounds bounds,
      List<Column> columns,
      List<? extends RowSink> sinks,
      LoadListener listener,
      BooleanSupplier cancelled) {
    requireNonNull(spec, "spec is null");
    requireNonNull(bounds, "bounds is null");
    requireNonNull(columns, "columns is null");
    requireNonNull(sinks, "sinks is null");
    if (sinks.isEmpty()) {
      throw new IllegalArgumentException("no sink to load topic " + spec.topic() + " into");
    }
    requireNonNull(listener, "listener is null");
    requireNonNull(cancelled, "cancelled is null");
    if (!bounds.topic().equals(spec.topic())) {
      throw new IllegalArgumentException(
          "bounds are for topic " + bounds.topic() + ", spec for " + spec.topic());
    }
    return new Run(spec, bounds, columns, sinks, listener, cancelled).execute();
  }

  /** One load: its threads, queue and counters. */
  private final class Run {
    private final TopicLoadSpec spec;
    private final TopicBounds bounds;
    private final List<Column> columns;
    private final List<RowSink> sinks;
    private final LoadListener listener;
    private final BooleanSupplier cancelled;
    private final BlockingQueue<List<Object[]>> queue = new ArrayBlockingQueue<>(QUEUE_CHUNKS);
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private final AtomicLong badRecords = new AtomicLong();
    private final Map<String, LongAdder> unknownFields = new ConcurrentHashMap<>();
    private final List<BoundedRecordIterator> iterators = new CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** The threads writing the sinks after the first. */
    private final List<Thread> writers = new ArrayList<>();

    /** Rows the sinks took. */
    private final AtomicLong rowsWritten = new AtomicLong();

    /** Readers that have not yet put {@link #READ_TO_END} in the queue. */
    private final AtomicInteger reading = new AtomicInteger();

    Run(
        TopicLoadSpec spec,
        TopicBounds bounds,
        List<Column> columns,
        List<? extends RowSink> sinks,
        LoadListener listener,
        BooleanSupplier cancelled) {
      this.spec = spec;
      this.bounds = bounds;
      this.columns = List.copyOf(columns);
      this.sinks = List.copyOf(sinks);
      this.listener = listener;
      this.cancelled = cancelled;
    }

    LoadResult execute() {
      List<List<PartitionRange>> groups = groups();
      for (int i = 0; i < groups.size(); i++) {
        List<PartitionRange> group = groups.get(i);
        Thread thread = new Thread(() -> read(group), "kafka-load-" + spec.topic() + "-" + i);
        thread.setDaemon(true);
        threads.add(thread);
      }
      reading.set(threads.size());
      threads.forEach(Thread::start);
      for (int i = 1; i < Math.min(sinks.size(), groups.size() + 1); i++) {
        RowSink sink = sinks.get(i);
        Thread writer = new Thread(() -> write(sink), "kafka-write-" + spec.topic() + "-" + i);
        writer.setDaemon(true);
        writers.add(writer);
      }
      writers.forEach(Thread::start);
      long rows;
      try {
        rows = drain();
      } catch (RuntimeException | Error e) {
        stopReaders();
        throw e;
      }
      // Every reader has read to its end offsets; their consumers close on their own threads
      // meanwhile.
      return new LoadResult(rows, badRecords.get(), unknownFieldCounts(), bounds.partitions());
    }

    /**
     * Non-empty ranges spread round-robin over at most maxReaders groups, and one group per {@link
     * #RECORDS_PER_READER} records at most.
     */
    private List<List<PartitionRange>> groups() {
      List<PartitionRange> ranges = bounds.partitions().stream().filter(r -> r.size() > 0).toList();
      long records = ranges.stream().mapToLong(PartitionRange::size).sum();
      long worthwhile = Math.max(1, (records + RECORDS_PER_READER - 1) / RECORDS_PER_READER);
      int count = (int) Math.min(Math.min(maxReaders, ranges.size()), worthwhile);
      List<List<PartitionRange>> groups = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        groups.add(new ArrayList<>());
      }
      for (int i = 0; i < ranges.size(); i++) {
        groups.get(i % count).add(ranges.get(i));
      }
      return groups;
    }

    /** Writes the first sink on this thread, and reports progress, until every row is written. */
    private long drain() {
      RowSink sink = sinks.get(0);
      long lastProgress = System.nanoTime();
      while (true) {
        if (cancelled.getAsBoolean()) {
          throw cancelledException();
        }
        RuntimeException failed = failure.get();
        if (failed != null) {
          throw failed;
        }
        List<Object[]> chunk;
        try {
          chunk = queue.poll(100, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw cancelledException();
        }
        if (isLast(chunk)) {
          return finished();
        }
        if (chunk != null && chunk != READ_TO_END) {
          writeChunk(sink, chunk);
        }
        long now = System.nanoTime();
        if (now - lastProgress >= PROGRESS_INTERVAL_NANOS) {
          listener.onProgress(rowsWritten.get());
          lastProgress = now;
        }
      }
    }

    /** Writes {@code sink} on a thread of its own until every row is written or the load stops. */
    private void write(RowSink sink) {
      try {
        while (!stop.get()) {
          List<Object[]> chunk = queue.poll(100, TimeUnit.MILLISECONDS);
          if (isLast(chunk)) {
            return;
          }
          if (chunk != null && chunk != READ_TO_END) {
            writeChunk(sink, chunk);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail(cancelledException());
      } catch (RuntimeException | Error e) {
        fail(e);
      }
    }

    /**
     * Whether every row was read and taken from the queue, as told by {@code polled}; the writer
     * that finds it first passes the word on to the others through the queue.
     */
    private boolean isLast(List<Object[]> polled) {
      if (polled != null && polled != READ_TO_END) {
        return false;
      }
      boolean readToEnd = polled == READ_TO_END ? reading.get() == 0 : allReadersDone();
      if (readToEnd && queue.isEmpty()) {
        queue.offer(READ_TO_END);
        return true;
      }
      return false;
    }

    private void writeChunk(RowSink sink, List<Object[]> chunk) {
      for (Object[] row : chunk) {
        sink.accept(row);
      }
      rowsWritten.addAndGet(chunk.size());
    }

    /** Waits for the other writers to write their last rows; the rows written by all. */
    private long finished() {
      joinWriters();
      RuntimeException lateFailure = failure.get();
      if (lateFailure != null) {
        throw lateFailure;
      }
      long rows = rowsWritten.get();
      listener.onProgress(rows);
      return rows;
    }

    /** Waits for every writer thread to end: none may touch its sink once the load returns. */
    private void joinWriters() {
      boolean interrupted = false;
      for (Thread writer : writers) {
        while (writer.isAlive()) {
          try {
            writer.join();
          } catch (InterruptedException e) {
            interrupted = true;
            stop.set(true);
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    /**
     * Stops the load for a failure on a reader's or a writer's thread; the loading thread throws it
     * (an {@link Error}, such as running out of memory, inside a load failure).
     */
    private void fail(Throwable e) {
      failure.compareAndSet(
          null,
          e instanceof RuntimeException runtime
              ? runtime
              : new TablewaveException(
                  ErrorCode.LOAD_FAILED,
                  "loading Kafka topic '" + spec.topic() + "' failed: " + e,
                  e));
      stop.set(true);
    }

    private boolean allReadersDone() {
      for (Thread thread : threads) {
        if (thread.isAlive()) {
          return false;
        }
      }
      return true;
    }

    private TablewaveException cancelledException() {
      return new TablewaveException(
          ErrorCode.CANCELLED, "load of Kafka topic '" + spec.topic() + "' was cancelled");
    }

    private void read(List<PartitionRange> ranges) {
      RecordDecoder decoder = new RecordDecoder(spec.format(), columns);
      Map<String, Long> localUnknown = new HashMap<>();
      BoundedRecordIterator records = null;
      try {
        records =
            new BoundedRecordIterator(
                consumers.apply(spec.settings()), spec.topic(), ranges, "load", stop::get);
        iterators.add(records);
        if (!stop.get()) {
          readAll(records, decoder, localUnknown);
          if (!stop.get() && !records.reachedEnds()) {
            throw new TablewaveException(
                ErrorCode.SOURCE_UNAVAILABLE,
                "reading "
                    + ranges.stream()
                        .map(
                            r ->
                                "partition "
                                    + r.partition()
                                    + " offsets "
                                    + r.startOffset()
                                    + "-"
                                    + r.endOffset())
                        .collect(java.util.stream.Collectors.joining(", "))
                    + " of Kafka topic '"
                    + spec.topic()
                    + "' stopped before the end offsets; load the table again");
          }
        }
      } catch (RuntimeException | Error e) {
        fail(e);
      } finally {
        localUnknown.forEach(
            (field, n) -> unknownFields.computeIfAbsent(field, f -> new LongAdder()).add(n));
        // The writer may finish now: closing the consumer takes a few hundred milliseconds it need
        // not wait for.
        reading.decrementAndGet();
        offer(READ_TO_END);
        if (records != null) {
          close(records);
        }
      }
    }

    private void readAll(
        BoundedRecordIterator records, RecordDecoder decoder, Map<String, Long> localUnknown) {
      List<Object[]> chunk = new ArrayList<>(CHUNK_ROWS);
      while (records.hasNext()) {
        ConsumerRecord<byte[], byte[]> record = records.next();
        Object[] row = decodeOrNull(decoder, record, localUnknown);
        if (row != null) {
          chunk.add(row);
        }
        if (chunk.size() >= CHUNK_ROWS) {
          if (!offer(chunk)) {
            return;
          }
          chunk = new ArrayList<>(CHUNK_ROWS);
        }
      }
      if (!chunk.isEmpty() && !stop.get()) {
        offer(chunk);
      }
    }

    /**
     * Closes a reader's consumer; a failure once every row is read does not fail the load, it is
     * logged.
     */
    private void close(BoundedRecordIterator records) {
      try {
        records.close();
      } catch (RuntimeException e) {
        LOG.warn(
            "closing a consumer of Kafka topic '{}' failed: {}", spec.topic(), e.getMessage(), e);
      }
    }

    private Object[] decodeOrNull(
        RecordDecoder decoder,
        ConsumerRecord<byte[], byte[]> record,
        Map<String, Long> localUnknown) {
      try {
        List<String> unknown = new ArrayList<>(0);
        Object[] row = decoder.decode(record, unknown::add);
        for (String field : unknown) {
          localUnknown.merge(field, 1L, Long::sum);
        }
        return row;
      } catch (BadRecordException e) {
        if (spec.onBadRecord() == OnBadRecord.SKIP) {
          badRecords.incrementAndGet();
          return null;
        }
        throw new TablewaveException(
            ErrorCode.BAD_RECORD,
            "bad record in topic "
                + spec.topic()
                + " partition "
                + record.partition()
                + " offset "
                + record.offset()
                + ": "
                + e.getMessage()
                + "; use WITH ('on-bad-record' = 'skip') to skip such records");
      }
    }

    /** Waits for queue space; false when the load is stopping. */
    private boolean offer(List<Object[]> chunk) {
      try {
        while (!stop.get()) {
          if (queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
            return true;
          }
        }
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    private void stopReaders() {
      stop.set(true);
      iterators.forEach(BoundedRecordIterator::wakeup);
      queue.clear();
      joinWriters();
      long deadline = System.currentTimeMillis() + STOP_WAIT_MILLIS;
      for (Thread thread : threads) {
        long left = deadline - System.currentTimeMillis();
        try {
          if (left > 0) {
            thread.join(left);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }

    private Map<String, Long> unknownFieldCounts() {
      Map<String, Long> counts = new TreeMap<>();
      unknownFields.forEach((field, n) -> counts.put(field, n.sum()));
      return counts;
    }
  }
}
