package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The one place where the columns of a topic are decided, for loads and for the {@code KAFKA}
 * schema alike: the top-level JSON fields in the order they are first seen in a sample of the
 * records, then the fields a table declares with {@code 'columns'} that the sample did not show,
 * then the metadata columns. A declared field takes its declared type; the others are typed by the
 * values seen: integers BIGINT; numbers written with the same number of decimals, and no exponent,
 * DECIMAL(18, that number) (integers among them allowed); other numbers DOUBLE; booleans BOOLEAN;
 * strings, objects, arrays, only nulls or conflicting kinds VARCHAR. csv and raw topics have {@code
 * _value} instead. Values that are not JSON objects are left out of the sample (the load judges
 * them).
 */
public final class JsonSchemaInference {
  public static final int DEFAULT_SAMPLE_SIZE = 1_000;

  /**
   * The precision of an inferred DECIMAL: 18 digits fit every store's fast decimal and Calcite's.
   */
  public static final int INFERRED_DECIMAL_PRECISION = 18;

  /** Numbers as written: a float keeps its decimals ({@code 12.50} has scale 2). */
  private static final ObjectReader SAMPLE =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .reader();

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

  /**
   * All columns of the table: value columns (JSON, declared or inferred) or {@code _value}, then
   * metadata.
   */
  public List<Column> infer(TopicLoadSpec spec, TopicBounds bounds) {
    return sample(spec, bounds).columns();
  }

  /**
   * The columns of the table and whether they come from a complete sample: one of its full size, or
   * of a text format, which needs none.
   */
  Sample sample(TopicLoadSpec spec, TopicBounds bounds) {
    requireNonNull(spec, "spec is null");
    requireNonNull(bounds, "bounds is null");
    if (KafkaColumns.isTextFormat(spec.format())) {
      return new Sample(KafkaColumns.textColumns(), true);
    }
    Map<String, Column> declared = new LinkedHashMap<>();
    spec.declaredColumns()
        .forEach(column -> declared.put(column.name().toLowerCase(Locale.ROOT), column));
    Map<String, FieldType> fields = new LinkedHashMap<>();
    Map<String, String> seenNames = new LinkedHashMap<>();
    int sampled = 0;
    try (BoundedRecordIterator records =
        new BoundedRecordIterator(spec.settings(), bounds, "sample", () -> false)) {
      while (sampled < sampleSize && records.hasNext()) {
        ConsumerRecord<byte[], byte[]> record = records.next();
        if (record.value() == null) {
          continue;
        }
        JsonNode node;
        try {
          node = SAMPLE.readTree(record.value());
        } catch (IOException e) {
          continue;
        }
        if (node == null || !node.isObject()) {
          continue;
        }
        sampled++;
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> field = it.next();
          String name =
              seenNames.computeIfAbsent(
                  field.getKey().toLowerCase(Locale.ROOT), lower -> field.getKey());
          if (KafkaColumns.METADATA_NAMES.contains(name)) {
            continue;
          }
          fields.merge(name, FieldType.of(field.getValue()), FieldType::merge);
        }
      }
    }
    List<Column> values = new ArrayList<>();
    fields.forEach(
        (name, type) -> {
          Column declaredColumn = declared.remove(name.toLowerCase(Locale.ROOT));
          values.add(
              declaredColumn == null
                  ? type.column(name)
                  : new Column(
                      name,
                      declaredColumn.type(),
                      declaredColumn.precision(),
                      declaredColumn.scale(),
                      true));
        });
    values.addAll(declared.values());
    return new Sample(KafkaColumns.withMetadata(values), sampled >= sampleSize);
  }

  /** Columns inferred from a sample; {@code complete} when the sample had its full size. */
  record Sample(List<Column> columns, boolean complete) {
    Sample {
      columns = List.copyOf(columns);
    }
  }

  /** What the sampled values of one field were; {@code digits} and {@code scale} for FIXED only. */
  private record FieldType(Kind kind, int integerDigits, int scale) {
    enum Kind {
      NULL,
      INTEGER,
      FIXED,
      FLOAT,
      BOOLEAN,
      TEXT
    }

    static FieldType of(JsonNode value) {
      if (value.isNull()) {
        return new FieldType(Kind.NULL, 0, 0);
      }
      if (value.isIntegralNumber()) {
        return value.canConvertToLong()
            ? new FieldType(Kind.INTEGER, digits(value.decimalValue()), 0)
            : new FieldType(Kind.FLOAT, 0, 0);
      }
      if (value.isBigDecimal()) {
        BigDecimal decimal = value.decimalValue();
        // 1e3 and 1.5E2 come with a scale of zero or less: written with an exponent, not with fixed
        // decimals
        return decimal.scale() > 0
            ? new FieldType(Kind.FIXED, digits(decimal), decimal.scale())
            : new FieldType(Kind.FLOAT, 0, 0);
      }
      if (value.isNumber()) {
        return new FieldType(Kind.FLOAT, 0, 0);
      }
      if (value.isBoolean()) {
        return new FieldType(Kind.BOOLEAN, 0, 0);
      }
      return new FieldType(Kind.TEXT, 0, 0);
    }

    private static int digits(BigDecimal value) {
      return Math.max(0, value.precision() - value.scale());
    }

    static FieldType merge(FieldType a, FieldType b) {
      if (b.kind == Kind.NULL) {
        return a;
      }
      if (a.kind == Kind.NULL) {
        return b;
      }
      int digits = Math.max(a.integerDigits, b.integerDigits);
      if (a.kind == b.kind) {
        if (a.kind == Kind.FIXED && a.scale != b.scale) {
          return new FieldType(Kind.FLOAT, 0, 0);
        }
        return new FieldType(a.kind, digits, a.scale);
      }
      if (isNumber(a) && isNumber(b)) {
        if (a.kind == Kind.FLOAT || b.kind == Kind.FLOAT) {
          return new FieldType(Kind.FLOAT, 0, 0);
        }
        return new FieldType(Kind.FIXED, digits, Math.max(a.scale, b.scale));
      }
      return new FieldType(Kind.TEXT, 0, 0);
    }

    private static boolean isNumber(FieldType type) {
      return type.kind == Kind.INTEGER || type.kind == Kind.FIXED || type.kind == Kind.FLOAT;
    }

    Column column(String name) {
      return switch (kind) {
        case INTEGER -> Column.of(name, ColumnType.BIGINT);
        case FIXED ->
            integerDigits + scale <= INFERRED_DECIMAL_PRECISION
                ? new Column(name, ColumnType.DECIMAL, INFERRED_DECIMAL_PRECISION, scale, true)
                : Column.of(name, ColumnType.DOUBLE);
        case FLOAT -> Column.of(name, ColumnType.DOUBLE);
        case BOOLEAN -> Column.of(name, ColumnType.BOOLEAN);
        case NULL, TEXT -> Column.of(name, ColumnType.VARCHAR);
      };
    }
  }
}
