package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code SET batch_timeout = '30s'} or {@code RESET batch_timeout}: a setting of the client's
 * connection. {@code batch_timeout} limits each following batch of the connection, from its
 * submission to its end; the driver sets it from {@code Statement.setQueryTimeout}.
 *
 * @param batchTimeout the new limit; empty to remove it
 */
public record SessionSetting(Optional<Duration> batchTimeout, String sqlText)
    implements ParsedStatement {
  public static final String BATCH_TIMEOUT = "batch_timeout";

  public SessionSetting {
    requireNonNull(batchTimeout, "batchTimeout is null");
    requireNonNull(sqlText, "sqlText is null");
  }

  /**
   * Validates a setting as written.
   *
   * @param name the setting's name, any case
   * @param value its value as written (a duration, or a number of seconds); null for RESET
   */
  static SessionSetting of(String name, String value, String sqlText) {
    if (!name.toLowerCase(Locale.ROOT).equals(BATCH_TIMEOUT)) {
      throw new TablewaveException(
          ErrorCode.UNSUPPORTED_STATEMENT,
          "Unknown setting '"
              + name
              + "'; the only setting is "
              + BATCH_TIMEOUT
              + " (SET "
              + BATCH_TIMEOUT
              + " = '5m', RESET "
              + BATCH_TIMEOUT
              + ").");
    }
    if (value == null) {
      return new SessionSetting(Optional.empty(), sqlText);
    }
    String text = value.strip();
    Optional<Duration> timeout =
        text.matches("\\d{1,9}")
            ? Optional.of(Duration.ofSeconds(Long.parseLong(text)))
            : Durations.parse(text);
    if (timeout.isEmpty()) {
      throw new TablewaveException(
          ErrorCode.INVALID_PROPERTY,
          "Invalid value '"
              + value
              + "' for setting "
              + BATCH_TIMEOUT
              + "; allowed values: a number of seconds (0: no limit) or "
              + Durations.ALLOWED
              + ".");
    }
    return new SessionSetting(timeout.filter(t -> !t.isZero()), sqlText);
  }
}
