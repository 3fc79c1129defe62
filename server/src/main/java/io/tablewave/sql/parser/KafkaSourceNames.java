package io.tablewave.sql.parser;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The three ways of writing a Kafka source ({@code kafka://t}, {@code 'kafka://t'} and {@code
 * KAFKA."t"}) all become the identifier {@code KAFKA."t"}.
 */
public final class KafkaSourceNames {
  /** The schema that holds one table per topic. */
  public static final String SCHEMA = "KAFKA";

  /** The prefix of a Kafka source written as a URI. */
  public static final String URI_PREFIX = "kafka://";

  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]+");

  private KafkaSourceNames() {}

  /** The identifier {@code KAFKA."topic"}; the topic keeps its case. */
  public static SqlIdentifier identifier(String topic, SqlParserPos pos) {
    return new SqlIdentifier(
        List.of(SCHEMA, topic), null, pos, List.of(pos, pos.withQuoting(true)));
  }

  /** The topic of a {@code kafka://topic} token (the lexer has checked its characters). */
  public static String topicOfUri(String image) {
    return image.substring(URI_PREFIX.length());
  }

  /**
   * The topic of a string written where a table is expected, which must be {@code 'kafka://topic'}.
   */
  public static String topicOfQuotedSource(String text, SqlParserPos pos) {
    if (!text.toLowerCase(Locale.ROOT).startsWith(URI_PREFIX)) {
      throw ParseErrors.at(
          pos,
          "A string in place of a table must name a Kafka source such as "
              + "'kafka://orders', but was '"
              + text
              + "'");
    }
    final String topic = text.substring(URI_PREFIX.length());
    if (!isValidTopic(topic)) {
      throw ParseErrors.at(
          pos,
          "Invalid Kafka topic name '"
              + topic
              + "' in '"
              + text
              + "': a topic name has letters, digits, '.', '_' and '-' only");
    }
    return topic;
  }

  /** Whether Kafka accepts {@code topic} as a topic name (length aside). */
  public static boolean isValidTopic(String topic) {
    return TOPIC.matcher(topic).matches();
  }
}
