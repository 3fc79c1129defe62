package io.tablewave.sql;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as users write them in properties and settings: {@code 500ms}, {@code 30s}, {@code
 * 1h30m}.
 */
public final class Durations {
  public static final String ALLOWED =
      "a duration such as '500ms', '30s', '5m', '1h', '1d' or '1h30m'";

  private static final Pattern PART =
      Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
  private static final Pattern WHOLE =
      Pattern.compile("(\\s*\\d{1,9}\\s*(ms|s|m|h|d)\\s*)+", Pattern.CASE_INSENSITIVE);

  private Durations() {}

  /** The duration {@code text} stands for, or empty when it is not one. Zero is a duration. */
  public static Optional<Duration> parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      return Optional.empty();
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(text);
    while (part.find()) {
      long amount = Long.parseLong(part.group(1));
      total =
          total.plus(
              switch (part.group(2).toLowerCase(Locale.ROOT)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
              });
    }
    return Optional.of(total);
  }

  /** {@code 1500 ms} as {@code 1.5 s}, {@code 90 s} as {@code 1m30s}: how messages show a limit. */
  public static String format(Duration duration) {
    if (duration.toMillis() < 1000) {
      return duration.toMillis() + " ms";
    }
    if (duration.toMillis() % 1000 != 0) {
      return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
    long seconds = duration.toSeconds();
    if (seconds < 60) {
      return seconds + " s";
    }
    StringBuilder text = new StringBuilder();
    if (seconds >= 3600) {
      text.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      text.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 != 0) {
      text.append(seconds % 60).append('s');
    }
    return text.toString();
  }
}
