package io.tablewave.sql;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * WITH properties that hold secrets (for example {@code 'kafka.sasl.jaas.config'} or {@code
 * 'kafka.ssl.keystore.password'}): they reach the Kafka consumer as given, but system tables,
 * messages and logs only ever show them masked.
 */
public final class SecretProperties {
  public static final String MASK = "******";
  private static final String[] SECRET_WORDS = {
    "password", "secret", "jaas", "token", "credential"
  };

  private SecretProperties() {}

  public static boolean isSecret(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    for (String word : SECRET_WORDS) {
      if (lower.contains(word)) {
        return true;
      }
    }
    return false;
  }

  /** The properties with every secret value masked. */
  public static Map<String, String> masked(Map<String, String> properties) {
    Map<String, String> masked = new LinkedHashMap<>();
    properties.forEach((key, value) -> masked.put(key, isSecret(key) ? MASK : value));
    return masked;
  }

  /** The statement's text with the string literals of its secret property values masked. */
  public static String maskedText(CreateTableAs statement) {
    String text = statement.sqlText();
    for (Map.Entry<String, String> property : statement.properties().entrySet()) {
      String value = property.getValue();
      if (isSecret(property.getKey()) && value != null && !value.isEmpty()) {
        text = text.replace("'" + value.replace("'", "''") + "'", "'" + MASK + "'");
      }
    }
    return text;
  }
}
