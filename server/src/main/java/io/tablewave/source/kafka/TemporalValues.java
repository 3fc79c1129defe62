package io.tablewave.source.kafka;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tablewave.data.ColumnType;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;

/**
 * JSON values of declared DATE, TIME and TIMESTAMP columns: ISO-8601 text ({@code 2026-11-01},
 * {@code 10:15:30}, {@code 2026-11-01T10:15:30.123}, a space instead of the {@code T}, an offset or
 * {@code Z} turned into UTC) and, for TIMESTAMP, a number of milliseconds since 1970-01-01 UTC.
 */
final class TemporalValues {
  /**
   * Date and time with {@code T} or a space between them, fractions optional, an offset optional.
   */
  private static final DateTimeFormatter DATE_TIME =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .optionalStart()
          .appendOffsetId()
          .optionalEnd()
          .toFormatter();

  private TemporalValues() {}

  static Object parse(String field, JsonParser parser, JsonToken token, ColumnType type)
      throws IOException, BadRecordException {
    if (token == JsonToken.VALUE_NUMBER_INT) {
      return LocalDateTime.ofInstant(Instant.ofEpochMilli(parser.getLongValue()), ZoneOffset.UTC);
    }
    String text = parser.getText().strip();
    try {
      return switch (type) {
        case DATE -> LocalDate.parse(text);
        case TIME -> LocalTime.parse(text);
        case TIMESTAMP -> timestamp(text);
        default -> throw new IllegalStateException("not a temporal type: " + type);
      };
    } catch (DateTimeParseException e) {
      String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
      throw new BadRecordException(
          "field '"
              + field
              + "' is string \""
              + shown
              + "\" but its column is "
              + type
              + " ("
              + example(type)
              + ")");
    }
  }

  private static LocalDateTime timestamp(String text) {
    var parsed = DATE_TIME.parse(text);
    LocalDateTime local = LocalDateTime.of(LocalDate.from(parsed), LocalTime.from(parsed));
    if (parsed.isSupported(ChronoField.OFFSET_SECONDS)) {
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS));
      return OffsetDateTime.of(local, offset)
          .withOffsetSameInstant(ZoneOffset.UTC)
          .toLocalDateTime();
    }
    return local;
  }

  private static String example(ColumnType type) {
    return switch (type) {
      case DATE -> "e.g. 2026-11-01";
      case TIME -> "e.g. 10:15:30";
      default -> "e.g. 2026-11-01T10:15:30.123Z, or milliseconds since 1970-01-01 UTC";
    };
  }
}
