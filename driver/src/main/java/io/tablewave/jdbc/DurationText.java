package io.tablewave.jdbc;

import java.sql.SQLException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads durations such as {@code 30s}, {@code 5m}, {@code 2h}, {@code 1500} (milliseconds) or
 * {@code PT30S}.
 */
final class DurationText {
  private static final Pattern AMOUNT_AND_UNIT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

  private DurationText() {}

  /** Returns the duration in milliseconds; {@code property} names the setting in error messages. */
  static long toMillis(String property, String text) throws SQLException {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    Matcher matcher = AMOUNT_AND_UNIT.matcher(value);
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
          case "ms" -> amount;
          case "s" -> Math.multiplyExact(amount, 1_000L);
          case "m" -> Math.multiplyExact(amount, 60_000L);
          case "h" -> Math.multiplyExact(amount, 3_600_000L);
          default -> Math.multiplyExact(amount, 86_400_000L);
        };
      }
      if (value.startsWith("pt") || value.startsWith("p")) {
        long millis = Duration.parse(value.toUpperCase(Locale.ROOT)).toMillis();
        if (millis >= 0) {
          return millis;
        }
      }
    } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
      throw invalid(property, text, e);
    }
    throw invalid(property, text, null);
  }

  private static SQLException invalid(String property, String text, Exception cause) {
    return new SQLException(
        "Connection property "
            + property
            + "='"
            + text
            + "' is not a duration: "
            + "write milliseconds (1500) or a number with a unit ms, s, m, h or d (30s, 5m, 2h); "
            + "0 means no limit",
        "HY024",
        0,
        cause);
  }
}
