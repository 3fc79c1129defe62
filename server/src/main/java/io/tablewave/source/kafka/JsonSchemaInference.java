package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Infers the columns of a topic from a sample of its records: the top-level JSON fields in the
 * order they are first seen, typed by the values seen (integers BIGINT, decimals or a mix with
 * integers DOUBLE, booleans BOOLEAN, strings, objects, arrays, only nulls or conflicting kinds
 * VARCHAR), then the metadata columns. csv and raw topics have {@code _value} instead. Values
 * that are not JSON objects are left out of the sample (the load judges them).
 */
public final class JsonSchemaInference {
  public static final int DEFAULT_SAMPLE_SIZE = 1_000;

  private final int sampleSize;

  public JsonSchemaInference(int sampleSize) {
    if (sampleSize <= 0) {
      throw new IllegalArgumentException("sampleSize must be positive");
    }
    this.sampleSize = sampleSize;
  }

  public JsonSchemaInference() {
    this(DEFAULT_SAMPLE_SIZE);
  }

  /** All columns of the table: inferred value columns (JSON) or {@code _value}, then metadata. */
  public List<Column> infer(TopicLoadSpec spec, TopicBounds bounds) {
    requireNonNull(spec, "spec is null");
    requireNonNull(bounds, "bounds is null");
    if (KafkaColumns.isTextFormat(spec.format())) {
      return KafkaColumns.textColumns();
    }
    Map<String, FieldType> fields = new LinkedHashMap<>();
    Map<String, String> seenNames = new LinkedHashMap<>();
    try (BoundedRecordIterator records =
        new BoundedRecordIterator(spec.settings(), bounds, "tablewave-sample", () -> false)) {
      int sampled = 0;
      while (sampled < sampleSize && records.hasNext()) {
        ConsumerRecord<byte[], byte[]> record = records.next();
        if (record.value() == null) {
          continue;
        }
        JsonNode node;
        try {
          node = RecordDecoder.parse(record.value());
        } catch (BadRecordException e) {
          continue;
        }
        if (!node.isObject()) {
          continue;
        }
        sampled++;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          String name = seenNames.computeIfAbsent(field.getKey().toLowerCase(Locale.ROOT),
              lower -> field.getKey());
          if (KafkaColumns.METADATA_NAMES.contains(name)) {
            continue;
          }
          fields.merge(name, FieldType.of(field.getValue()), FieldType::merge);
        }
      }
    }
    List<Column> values = new ArrayList<>();
    fields.forEach((name, type) -> values.add(Column.of(name, type.columnType())));
    return KafkaColumns.withMetadata(values);
  }

  /** What the sampled values of one field were. */
  private enum FieldType {
    NULL, INTEGER, DECIMAL, BOOLEAN, TEXT;

    static FieldType of(JsonNode value) {
      if (value.isNull()) {
        return NULL;
      }
      if (value.isIntegralNumber()) {
        return value.canConvertToLong() ? INTEGER : DECIMAL;
      }
      if (value.isNumber()) {
        return DECIMAL;
      }
      if (value.isBoolean()) {
        return BOOLEAN;
      }
      return TEXT;
    }

    static FieldType merge(FieldType a, FieldType b) {
      if (a == b || b == NULL) {
        return a;
      }
      if (a == NULL) {
        return b;
      }
      if ((a == INTEGER && b == DECIMAL) || (a == DECIMAL && b == INTEGER)) {
        return DECIMAL;
      }
      return TEXT;
    }

    ColumnType columnType() {
      return switch (this) {
        case INTEGER -> ColumnType.BIGINT;
        case DECIMAL -> ColumnType.DOUBLE;
        case BOOLEAN -> ColumnType.BOOLEAN;
        case NULL, TEXT -> ColumnType.VARCHAR;
      };
    }
  }
}
