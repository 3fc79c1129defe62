package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

/**
 * The WITH properties of a CTAS, validated (SPEC 4, "Properties"). Keys are matched
 * case-insensitively; values of the enumerated keys too.
 *
 * @param dependsOn explicit dependencies ({@code depends_on}), in the order written
 * @param format how Kafka values are decoded ({@code format})
 * @param startupMode where reading a topic starts ({@code scan.startup.mode})
 * @param startupTimestampMillis {@code scan.startup.timestamp-millis}, present iff the mode is
 *     TIMESTAMP
 * @param boundedMode where reading a topic stops ({@code scan.bounded.mode})
 * @param boundedTimestampMillis {@code scan.bounded.timestamp-millis}, present iff the mode is
 *     TIMESTAMP
 * @param onBadRecord what to do with a record that cannot be decoded ({@code on-bad-record})
 * @param timeout the load limit of the table ({@code timeout}), empty for none
 * @param retries how often a load that failed for a transient reason is tried again ({@code
 *     retries})
 * @param columns the declared types of a Kafka source's fields ({@code columns}), in the order
 *     written
 * @param kafka the {@code kafka.*} properties without the prefix, for the Kafka consumer
 * @param userMetadata every other property, keys and values as written
 * @param refresh whether and how often the server refreshes the table by itself ({@code refresh},
 *     {@code refresh.interval})
 */
public record TableProperties(
    List<TableName> dependsOn,
    Format format,
    StartupMode startupMode,
    OptionalLong startupTimestampMillis,
    BoundedMode boundedMode,
    OptionalLong boundedTimestampMillis,
    OnBadRecord onBadRecord,
    Optional<Duration> timeout,
    int retries,
    List<Column> columns,
    Map<String, String> kafka,
    Map<String, String> userMetadata,
    RefreshSchedule refresh) {

  public static final String DEPENDS_ON = "depends_on";
  public static final String FORMAT = "format";
  public static final String SCAN_STARTUP_MODE = "scan.startup.mode";
  public static final String SCAN_STARTUP_TIMESTAMP_MILLIS = "scan.startup.timestamp-millis";
  public static final String SCAN_BOUNDED_MODE = "scan.bounded.mode";
  public static final String SCAN_BOUNDED_TIMESTAMP_MILLIS = "scan.bounded.timestamp-millis";
  public static final String ON_BAD_RECORD = "on-bad-record";
  public static final String TIMEOUT = "timeout";
  public static final String RETRIES = "retries";
  public static final String COLUMNS = "columns";
  public static final int MAX_RETRIES = 10;
  public static final String KAFKA_PREFIX = "kafka.";

  /**
   * Whether a property can change the rows a load gives; those that cannot (how often the server
   * refreshes the table) are left out of its fingerprint, so changing them rebuilds nothing.
   */
  public static boolean affectsRows(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    return !lower.equals(RefreshSchedule.REFRESH) && !lower.equals(RefreshSchedule.INTERVAL);
  }

  private static final String SCAN_PREFIX = "scan.";
  private static final List<String> SCAN_KEYS =
      List.of(
          SCAN_STARTUP_MODE,
          SCAN_STARTUP_TIMESTAMP_MILLIS,
          SCAN_BOUNDED_MODE,
          SCAN_BOUNDED_TIMESTAMP_MILLIS);

  /** {@code format}. */
  public enum Format implements Named {
    JSON("json"),
    CSV("csv"),
    RAW("raw");

    private final String value;

    Format(String value) {
      this.value = value;
    }

    @Override
    public String value() {
      return value;
    }
  }

  /** {@code scan.startup.mode}. */
  public enum StartupMode implements Named {
    EARLIEST_OFFSET("earliest-offset"),
    LATEST_OFFSET("latest-offset"),
    TIMESTAMP("timestamp");

    private final String value;

    StartupMode(String value) {
      this.value = value;
    }

    @Override
    public String value() {
      return value;
    }
  }

  /** {@code scan.bounded.mode}; LATEST_OFFSET means the end offsets taken when the load starts. */
  public enum BoundedMode implements Named {
    LATEST_OFFSET("latest-offset"),
    TIMESTAMP("timestamp");

    private final String value;

    BoundedMode(String value) {
      this.value = value;
    }

    @Override
    public String value() {
      return value;
    }
  }

  /** {@code on-bad-record}. */
  public enum OnBadRecord implements Named {
    FAIL("fail"),
    SKIP("skip");

    private final String value;

    OnBadRecord(String value) {
      this.value = value;
    }

    @Override
    public String value() {
      return value;
    }
  }

  /** An enumerated property value as users write it. */
  public interface Named {
    String value();
  }

  public TableProperties {
    dependsOn = List.copyOf(dependsOn);
    requireNonNull(format, "format is null");
    requireNonNull(startupMode, "startupMode is null");
    requireNonNull(startupTimestampMillis, "startupTimestampMillis is null");
    requireNonNull(boundedMode, "boundedMode is null");
    requireNonNull(boundedTimestampMillis, "boundedTimestampMillis is null");
    requireNonNull(onBadRecord, "onBadRecord is null");
    requireNonNull(timeout, "timeout is null");
    if (retries < 0 || retries > MAX_RETRIES) {
      throw new IllegalArgumentException(
          "retries must be between 0 and " + MAX_RETRIES + ", got " + retries);
    }
    columns = List.copyOf(columns);
    kafka = Collections.unmodifiableMap(new LinkedHashMap<>(kafka));
    userMetadata = Collections.unmodifiableMap(new LinkedHashMap<>(userMetadata));
    requireNonNull(refresh, "refresh is null");
  }

  /** The properties of a CTAS without a WITH clause. */
  public static TableProperties defaults() {
    return parse(Map.of());
  }

  /**
   * Validates {@code properties} (keys as written).
   *
   * @throws TablewaveException {@code INVALID_PROPERTY} naming the key, the value and what is
   *     allowed
   */
  public static TableProperties parse(Map<String, String> properties) {
    requireNonNull(properties, "properties is null");
    final Map<String, String> known = new LinkedHashMap<>();
    final Map<String, String> kafka = new LinkedHashMap<>();
    final Map<String, String> metadata = new LinkedHashMap<>();
    final Map<String, String> seen = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : properties.entrySet()) {
      final String key = requireNonNull(entry.getKey(), "property key is null");
      final String value =
          requireNonNull(entry.getValue(), () -> "value of property " + key + " is null");
      final String lower = key.toLowerCase(Locale.ROOT);
      final String previous = seen.put(lower, key);
      if (previous != null) {
        throw invalid(
            "Property '"
                + key
                + "' is given twice (also as '"
                + previous
                + "'); keys are case-insensitive, give it once.");
      }
      if (key.isBlank()) {
        throw invalid("A property has an empty key; write 'key' = 'value'.");
      }
      if (lower.startsWith(KAFKA_PREFIX)) {
        final String consumerKey = key.substring(KAFKA_PREFIX.length());
        if (consumerKey.isBlank()) {
          throw invalid(
              "Property '"
                  + key
                  + "' names no Kafka consumer setting; write e.g. 'kafka.bootstrap.servers'.");
        }
        kafka.put(consumerKey, value);
      } else if (lower.equals(RefreshSchedule.REFRESH)
          || lower.startsWith(RefreshSchedule.REFRESH + ".")) {
        if (!lower.equals(RefreshSchedule.REFRESH) && !lower.equals(RefreshSchedule.INTERVAL)) {
          throw invalid(
              "Unknown property '"
                  + key
                  + "' = '"
                  + value
                  + "'; the refresh properties are "
                  + RefreshSchedule.REFRESH
                  + ", "
                  + RefreshSchedule.INTERVAL
                  + ".");
        }
        known.put(lower, value);
      } else if (lower.startsWith(SCAN_PREFIX)) {
        if (!SCAN_KEYS.contains(lower)) {
          throw invalid(
              "Unknown property '"
                  + key
                  + "' = '"
                  + value
                  + "'; the scan properties are "
                  + String.join(", ", SCAN_KEYS)
                  + ".");
        }
        known.put(lower, value);
      } else if (lower.equals(DEPENDS_ON)
          || lower.equals(FORMAT)
          || lower.equals(ON_BAD_RECORD)
          || lower.equals(TIMEOUT)
          || lower.equals(RETRIES)
          || lower.equals(COLUMNS)) {
        known.put(lower, value);
      } else {
        metadata.put(key, value);
      }
    }

    final StartupMode startupMode =
        enumValue(known, SCAN_STARTUP_MODE, StartupMode.values(), StartupMode.EARLIEST_OFFSET);
    final OptionalLong startupMillis =
        timestamp(
            known,
            SCAN_STARTUP_TIMESTAMP_MILLIS,
            SCAN_STARTUP_MODE,
            startupMode == StartupMode.TIMESTAMP);
    final BoundedMode boundedMode =
        enumValue(known, SCAN_BOUNDED_MODE, BoundedMode.values(), BoundedMode.LATEST_OFFSET);
    final OptionalLong boundedMillis =
        timestamp(
            known,
            SCAN_BOUNDED_TIMESTAMP_MILLIS,
            SCAN_BOUNDED_MODE,
            boundedMode == BoundedMode.TIMESTAMP);
    if (startupMillis.isPresent()
        && boundedMillis.isPresent()
        && boundedMillis.getAsLong() < startupMillis.getAsLong()) {
      throw invalid(
          "Property '"
              + SCAN_BOUNDED_TIMESTAMP_MILLIS
              + "' = '"
              + boundedMillis.getAsLong()
              + "' is before '"
              + SCAN_STARTUP_TIMESTAMP_MILLIS
              + "' = '"
              + startupMillis.getAsLong()
              + "'; the end of the scan must not come before its start.");
    }
    final Format format = enumValue(known, FORMAT, Format.values(), Format.JSON);
    final List<Column> columns =
        known.containsKey(COLUMNS)
            ? ColumnDeclarations.parse(COLUMNS, known.get(COLUMNS))
            : List.of();
    if (!columns.isEmpty() && format != Format.JSON) {
      throw invalid(
          "Property '"
              + COLUMNS
              + "' declares the types of JSON fields, but '"
              + FORMAT
              + "' is '"
              + format.value()
              + "', whose only column is _value; remove one of them.");
    }
    return new TableProperties(
        dependsOn(known.get(DEPENDS_ON)),
        format,
        startupMode,
        startupMillis,
        boundedMode,
        boundedMillis,
        enumValue(known, ON_BAD_RECORD, OnBadRecord.values(), OnBadRecord.FAIL),
        timeout(known.get(TIMEOUT)),
        retries(known.get(RETRIES)),
        columns,
        kafka,
        metadata,
        RefreshSchedule.parse(
            known.get(RefreshSchedule.REFRESH), known.get(RefreshSchedule.INTERVAL)));
  }

  private static <E extends Enum<E> & Named> E enumValue(
      Map<String, String> known, String key, E[] values, E otherwise) {
    final String value = known.get(key);
    if (value == null) {
      return otherwise;
    }
    for (E candidate : values) {
      if (candidate.value().equalsIgnoreCase(value.strip())) {
        return candidate;
      }
    }
    throw invalid(
        "Invalid value '"
            + value
            + "' for property '"
            + key
            + "'; allowed values: "
            + Arrays.stream(values)
                .map(v -> "'" + v.value() + "'")
                .collect(Collectors.joining(", "))
            + ".");
  }

  private static OptionalLong timestamp(
      Map<String, String> known, String key, String modeKey, boolean required) {
    final String value = known.get(key);
    if (value == null) {
      if (required) {
        throw invalid(
            "Property '"
                + modeKey
                + "' = 'timestamp' needs '"
                + key
                + "' (milliseconds since 1970-01-01 UTC), which is missing.");
      }
      return OptionalLong.empty();
    }
    if (!required) {
      throw invalid(
          "Property '"
              + key
              + "' = '"
              + value
              + "' is only used with '"
              + modeKey
              + "' = 'timestamp'; set that mode or remove the property.");
    }
    try {
      final long millis = Long.parseLong(value.strip());
      if (millis < 0) {
        throw new NumberFormatException("negative");
      }
      return OptionalLong.of(millis);
    } catch (NumberFormatException e) {
      throw invalid(
          "Invalid value '"
              + value
              + "' for property '"
              + key
              + "'; allowed values: milliseconds since 1970-01-01 UTC, e.g. '1700000000000'.");
    }
  }

  private static Optional<Duration> timeout(String value) {
    if (value == null) {
      return Optional.empty();
    }
    final Duration timeout =
        Durations.parse(value)
            .orElseThrow(
                () ->
                    invalid(
                        "Invalid value '"
                            + value
                            + "' for property '"
                            + TIMEOUT
                            + "'; allowed values: "
                            + Durations.ALLOWED
                            + "."));
    if (timeout.isZero()) {
      throw invalid(
          "Invalid value '"
              + value
              + "' for property '"
              + TIMEOUT
              + "'; the timeout must be positive.");
    }
    return Optional.of(timeout);
  }

  private static int retries(String value) {
    if (value == null) {
      return 0;
    }
    final String digits = value.strip();
    if (digits.matches("\\d{1,2}") && Integer.parseInt(digits) <= MAX_RETRIES) {
      return Integer.parseInt(digits);
    }
    throw invalid(
        "Invalid value '"
            + value
            + "' for property '"
            + RETRIES
            + "'; allowed values: a whole number from 0"
            + " (the default: no retry) to "
            + MAX_RETRIES
            + ".");
  }

  /**
   * Table names as in SQL, read by the SQL parser as the select list of {@code SELECT <value>}:
   * unquoted ones upper case, {@code "quoted"} ones as written, optionally qualified by PUBLIC.
   */
  private static List<TableName> dependsOn(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    final SqlNode parsed;
    try {
      parsed = SqlParser.create("SELECT " + value, SqlScriptParser.defaultConfig()).parseQuery();
    } catch (SqlParseException e) {
      throw badDependsOn(value, value);
    }
    if (!(parsed instanceof SqlSelect select)
        || select.getFrom() != null
        || select.getWhere() != null
        || select.getGroup() != null
        || select.getHaving() != null
        || select.getOrderList() != null
        || select.getFetch() != null
        || select.getOffset() != null
        || select.isDistinct()) {
      throw badDependsOn(value, value);
    }
    final List<TableName> names = new ArrayList<>();
    for (SqlNode item : select.getSelectList()) {
      if (!(item instanceof SqlIdentifier identifier) || identifier.isStar()) {
        throw badDependsOn(item.toString(), value);
      }
      final List<String> parts = identifier.names;
      if (parts.size() == 1) {
        names.add(new TableName(parts.get(0)));
      } else if (parts.size() == 2 && parts.get(0).equalsIgnoreCase(TableNames.PUBLIC)) {
        names.add(new TableName(parts.get(1)));
      } else {
        throw badDependsOn(identifier.toString(), value);
      }
    }
    return names;
  }

  private static TablewaveException badDependsOn(String item, String value) {
    return invalid(
        "Invalid table name '"
            + item
            + "' in property '"
            + DEPENDS_ON
            + "' = '"
            + value
            + "'; allowed values: comma-separated table names such as 'orders, \"Mixed Case\", public.customers'.");
  }

  private static TablewaveException invalid(String message) {
    return new TablewaveException(ErrorCode.INVALID_PROPERTY, message);
  }
}
