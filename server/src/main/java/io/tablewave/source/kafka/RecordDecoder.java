package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.source.kafka.TopicLoadSpec.Format;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a record into a row of the given columns. JSON fields are matched to columns
 * case-insensitively; fields without a column are reported to the unknown-field callback. One
 * instance per thread.
 */
final class RecordDecoder {
  private static final ObjectReader JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).reader();

  /**
   * For one value inside a record: the parser goes on after it, so trailing tokens are expected.
   */
  private static final ObjectReader VALUE = new ObjectMapper().reader();

  private static final JsonFactory JSON_FACTORY = new JsonFactory();

  /** Bounds the spellings remembered, for topics whose field names never repeat. */
  private static final int MAX_SPELLINGS = 1_024;

  private final Format format;
  private final List<Column> columns;
  private final Map<String, Integer> valueIndex = new HashMap<>();
  private final Map<String, Integer> bySpelling = new HashMap<>();
  private final int keyIndex;
  private final int partitionIndex;
  private final int offsetIndex;
  private final int timestampIndex;
  private final int textIndex;

  RecordDecoder(Format format, List<Column> columns) {
    this.format = requireNonNull(format, "format is null");
    this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
    for (int i = 0; i < this.columns.size(); i++) {
      String name = this.columns.get(i).name();
      if (!KafkaColumns.METADATA_NAMES.contains(name)) {
        valueIndex.putIfAbsent(name.toLowerCase(Locale.ROOT), i);
      }
    }
    keyIndex = indexOf(KafkaColumns.KEY);
    partitionIndex = indexOf(KafkaColumns.PARTITION);
    offsetIndex = indexOf(KafkaColumns.OFFSET);
    timestampIndex = indexOf(KafkaColumns.TIMESTAMP);
    textIndex = indexOf(KafkaColumns.VALUE);
  }

  private int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  Object[] decode(ConsumerRecord<byte[], byte[]> record, Consumer<String> unknownField)
      throws BadRecordException {
    Object[] row = new Object[columns.size()];
    if (KafkaColumns.isTextFormat(format)) {
      if (textIndex >= 0 && record.value() != null) {
        row[textIndex] = new String(record.value(), StandardCharsets.UTF_8);
      }
    } else if (record.value() != null) {
      decodeJson(record.value(), row, unknownField);
    }
    if (keyIndex >= 0 && record.key() != null) {
      row[keyIndex] = new String(record.key(), StandardCharsets.UTF_8);
    }
    if (partitionIndex >= 0) {
      row[partitionIndex] = record.partition();
    }
    if (offsetIndex >= 0) {
      row[offsetIndex] = record.offset();
    }
    if (timestampIndex >= 0) {
      row[timestampIndex] =
          LocalDateTime.ofInstant(Instant.ofEpochMilli(record.timestamp()), ZoneOffset.UTC);
    }
    return row;
  }

  /**
   * Reads the object field by field with Jackson's streaming parser: no tree is built for a record,
   * only for a nested value that goes to a VARCHAR column as JSON text, or to describe a bad value.
   */
  private void decodeJson(byte[] value, Object[] row, Consumer<String> unknownField)
      throws BadRecordException {
    try (JsonParser parser = JSON_FACTORY.createParser(value)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new BadRecordException("empty value, expected a JSON object");
      }
      if (first != JsonToken.START_OBJECT) {
        throw new BadRecordException("expected a JSON object but found " + describe(parse(value)));
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken token = parser.nextToken();
        Integer index = columnOf(name);
        if (index == null) {
          unknownField.accept(name);
          parser.skipChildren();
        } else {
          row[index] = convert(name, parser, token, columns.get(index));
        }
      }
      if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new BadRecordException("malformed JSON: unexpected content after the object");
      }
    } catch (JsonProcessingException e) {
      throw new BadRecordException("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRecordException("unreadable JSON: " + e.getMessage());
    }
  }

  /**
   * The column of a field, matched case-insensitively; each spelling is lowered once per decoder.
   */
  private Integer columnOf(String fieldName) {
    Integer index = bySpelling.get(fieldName);
    if (index == null && !bySpelling.containsKey(fieldName)) {
      index = valueIndex.get(fieldName.toLowerCase(Locale.ROOT));
      if (bySpelling.size() < MAX_SPELLINGS) {
        bySpelling.put(fieldName, index);
      }
    }
    return index;
  }

  private static Object convert(String field, JsonParser parser, JsonToken token, Column column)
      throws IOException, BadRecordException {
    if (token == JsonToken.VALUE_NULL) {
      return null;
    }
    ColumnType type = column.type();
    switch (type) {
      case INTEGER:
        if (token == JsonToken.VALUE_NUMBER_INT
            && parser.getNumberType() == JsonParser.NumberType.INT) {
          return parser.getIntValue();
        }
        break;
      case DECIMAL:
        if (token == JsonToken.VALUE_NUMBER_INT
            || token == JsonToken.VALUE_NUMBER_FLOAT
            || token == JsonToken.VALUE_STRING) {
          return decimal(field, parser, token, column);
        }
        break;
      case DATE:
      case TIME:
      case TIMESTAMP:
        if (token == JsonToken.VALUE_STRING
            || (type == ColumnType.TIMESTAMP && token == JsonToken.VALUE_NUMBER_INT)) {
          return TemporalValues.parse(field, parser, token, type);
        }
        break;
      case BIGINT:
        if (token == JsonToken.VALUE_NUMBER_INT
            && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
          return parser.getLongValue();
        }
        break;
      case DOUBLE:
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
          return parser.getDoubleValue();
        }
        break;
      case BOOLEAN:
        if (token == JsonToken.VALUE_TRUE || token == JsonToken.VALUE_FALSE) {
          return token == JsonToken.VALUE_TRUE;
        }
        break;
      case VARCHAR:
        if (token == JsonToken.VALUE_STRING) {
          return parser.getText();
        }
        return VALUE.readTree(parser).toString();
      default:
        throw new IllegalStateException("JSON column of unsupported type " + type);
    }
    JsonNode value = VALUE.readTree(parser);
    throw new BadRecordException(
        "field '" + field + "' is " + describe(value) + " but its column is " + typeName(column));
  }

  /**
   * A number (or a string holding one) as the column's DECIMAL: more decimals than its scale, other
   * than trailing zeros, or more digits before the point than it holds, make a bad record rather
   * than a rounded value.
   */
  private static BigDecimal decimal(String field, JsonParser parser, JsonToken token, Column column)
      throws IOException, BadRecordException {
    BigDecimal value;
    try {
      value =
          token == JsonToken.VALUE_STRING
              ? new BigDecimal(parser.getText().strip())
              : parser.getDecimalValue();
    } catch (NumberFormatException e) {
      throw new BadRecordException(
          "field '"
              + field
              + "' is string \""
              + abbreviate(parser.getText())
              + "\" but its column is "
              + typeName(column));
    }
    BigDecimal scaled;
    try {
      scaled = value.setScale(column.scale(), RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new BadRecordException(
          "field '"
              + field
              + "' is "
              + value.toPlainString()
              + ", which has more decimals"
              + " than its column "
              + typeName(column)
              + "; declare a wider type with 'columns'");
    }
    if (scaled.precision() - scaled.scale() > column.precision() - column.scale()) {
      throw new BadRecordException(
          "field '"
              + field
              + "' is "
              + value.toPlainString()
              + ", which has more digits"
              + " than its column "
              + typeName(column)
              + "; declare a wider type with 'columns'");
    }
    return scaled;
  }

  private static String typeName(Column column) {
    return column.type() == ColumnType.DECIMAL
        ? "DECIMAL(" + column.precision() + ", " + column.scale() + ")"
        : column.type().name();
  }

  private static String abbreviate(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  static JsonNode parse(byte[] value) throws BadRecordException {
    try {
      JsonNode node = JSON.readTree(value);
      if (node == null || node.isMissingNode()) {
        throw new BadRecordException("empty value, expected a JSON object");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new BadRecordException("malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRecordException("unreadable JSON: " + e.getMessage());
    }
  }

  private static String describe(JsonNode node) {
    String text = node.toString();
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + text;
  }
}
