package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import java.util.List;

/**
 * What to load from one topic: where to start, where to stop, how to decode.
 *
 * @param declaredColumns the types the table declares for some JSON fields ({@code 'columns'}); the
 *     other fields are inferred
 */
public record TopicLoadSpec(
    String topic,
    Format format,
    Startup startup,
    Bound bound,
    OnBadRecord onBadRecord,
    KafkaSourceSettings settings,
    List<Column> declaredColumns) {

  public TopicLoadSpec {
    requireNonNull(topic, "topic is null");
    requireNonNull(format, "format is null");
    requireNonNull(startup, "startup is null");
    requireNonNull(bound, "bound is null");
    requireNonNull(onBadRecord, "onBadRecord is null");
    requireNonNull(settings, "settings is null");
    declaredColumns = List.copyOf(declaredColumns);
  }

  /** A spec without declared columns: every field's type is inferred. */
  public TopicLoadSpec(
      String topic,
      Format format,
      Startup startup,
      Bound bound,
      OnBadRecord onBadRecord,
      KafkaSourceSettings settings) {
    this(topic, format, startup, bound, onBadRecord, settings, List.of());
  }

  /** JSON values from the earliest offset to the latest stable offset, failing on bad records. */
  public static TopicLoadSpec defaults(String topic, KafkaSourceSettings settings) {
    return new TopicLoadSpec(
        topic, Format.JSON, Startup.earliest(), Bound.latestOffset(), OnBadRecord.FAIL, settings);
  }

  public TopicLoadSpec withFormat(Format newFormat) {
    return new TopicLoadSpec(
        topic, newFormat, startup, bound, onBadRecord, settings, declaredColumns);
  }

  public TopicLoadSpec withStartup(Startup newStartup) {
    return new TopicLoadSpec(
        topic, format, newStartup, bound, onBadRecord, settings, declaredColumns);
  }

  public TopicLoadSpec withBound(Bound newBound) {
    return new TopicLoadSpec(
        topic, format, startup, newBound, onBadRecord, settings, declaredColumns);
  }

  public TopicLoadSpec withDeclaredColumns(List<Column> columns) {
    return new TopicLoadSpec(topic, format, startup, bound, onBadRecord, settings, columns);
  }

  public TopicLoadSpec withOnBadRecord(OnBadRecord newOnBadRecord) {
    return new TopicLoadSpec(
        topic, format, startup, bound, newOnBadRecord, settings, declaredColumns);
  }

  /** How record values are decoded. */
  public enum Format {
    /** A JSON object per record; its top-level fields become columns. */
    JSON,
    /** One CSV line per record, kept whole in {@code _value}. */
    CSV,
    /** The value as UTF-8 text in {@code _value}. */
    RAW
  }

  /** What a record that cannot be decoded does to the load. */
  public enum OnBadRecord {
    /** The load fails, naming topic, partition and offset. */
    FAIL,
    /** The record is counted and left out. */
    SKIP
  }

  /** Where each partition starts. */
  public enum StartupMode {
    EARLIEST,
    LATEST,
    TIMESTAMP
  }

  /** Where each partition stops. */
  public enum BoundMode {
    LATEST_OFFSET,
    TIMESTAMP
  }

  /**
   * @param timestampMillis used only with {@link StartupMode#TIMESTAMP}
   */
  public record Startup(StartupMode mode, long timestampMillis) {
    public Startup {
      requireNonNull(mode, "mode is null");
    }

    public static Startup earliest() {
      return new Startup(StartupMode.EARLIEST, 0);
    }

    public static Startup latest() {
      return new Startup(StartupMode.LATEST, 0);
    }

    public static Startup timestamp(long millis) {
      return new Startup(StartupMode.TIMESTAMP, millis);
    }
  }

  /**
   * @param timestampMillis used only with {@link BoundMode#TIMESTAMP}: records before it
   */
  public record Bound(BoundMode mode, long timestampMillis) {
    public Bound {
      requireNonNull(mode, "mode is null");
    }

    public static Bound latestOffset() {
      return new Bound(BoundMode.LATEST_OFFSET, 0);
    }

    public static Bound timestamp(long millis) {
      return new Bound(BoundMode.TIMESTAMP, millis);
    }
  }
}
