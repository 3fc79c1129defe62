package io.tablewave.source.kafka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.source.kafka.TopicLoadSpec.Format;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a record into a row of the given columns. JSON fields are matched to columns
 * case-insensitively; fields without a column are reported to the unknown-field callback.
 * One instance per thread.
 */
final class RecordDecoder {
  private static final ObjectReader JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .reader();

  private final Format format;
  private final List<Column> columns;
  private final Map<String, Integer> valueIndex = new HashMap<>();
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
      row[timestampIndex] = LocalDateTime.ofInstant(Instant.ofEpochMilli(record.timestamp()), ZoneOffset.UTC);
    }
    return row;
  }

  private void decodeJson(byte[] value, Object[] row, Consumer<String> unknownField)
      throws BadRecordException {
    JsonNode node = parse(value);
    if (!node.isObject()) {
      throw new BadRecordException("expected a JSON object but found " + describe(node));
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Integer index = valueIndex.get(field.getKey().toLowerCase(Locale.ROOT));
      if (index == null) {
        unknownField.accept(field.getKey());
      } else {
        row[index] = convert(field.getKey(), field.getValue(), columns.get(index).type());
      }
    }
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

  private static Object convert(String field, JsonNode value, ColumnType type) throws BadRecordException {
    if (value.isNull()) {
      return null;
    }
    switch (type) {
      case BIGINT:
        if (value.isIntegralNumber() && value.canConvertToLong()) {
          return value.longValue();
        }
        break;
      case DOUBLE:
        if (value.isNumber()) {
          return value.doubleValue();
        }
        break;
      case BOOLEAN:
        if (value.isBoolean()) {
          return value.booleanValue();
        }
        break;
      case VARCHAR:
        return value.isTextual() ? value.textValue() : value.toString();
      default:
        throw new IllegalStateException("JSON column of unsupported type " + type);
    }
    throw new BadRecordException("field '" + field + "' is " + describe(value)
        + " but its column is " + type);
  }

  private static String describe(JsonNode node) {
    String text = node.toString();
    if (text.length() > 40) {
      text = text.substring(0, 40) + "...";
    }
    return node.getNodeType().name().toLowerCase(Locale.ROOT) + " " + text;
  }
}
