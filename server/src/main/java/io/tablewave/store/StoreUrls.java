package io.tablewave.store;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Recognises store URLs and hides the passwords they may carry. */
final class StoreUrls {
  static final String SUPPORTED_FORMS =
      "jdbc:duckdb:<file path> or jdbc:duckdb::memory:<name>,"
          + " jdbc:h2:<file path or mem:name or tcp://...>,"
          + " jdbc:postgresql://<host>[:<port>]/<database>,"
          + " jdbc:trino://<host>:<port>/<catalog>/<schema>";

  private static final Pattern PASSWORD = Pattern.compile("(?i)(password\\s*=)[^;&]*");

  private StoreUrls() {}

  static String redact(String url) {
    return PASSWORD.matcher(url).replaceAll("$1***");
  }

  static StoreKind kindOf(String url) {
    String lower = url.trim().toLowerCase(Locale.ROOT);
    if (lower.startsWith("jdbc:duckdb:")) {
      String target = stripProperties(lower.substring("jdbc:duckdb:".length()));
      if (target.isEmpty() || target.equals(":memory:") || target.equals("memory:")) {
        throw new TablewaveException(
            ErrorCode.INVALID_PROPERTY,
            "Store URL '"
                + redact(url)
                + "' is an unnamed in-memory DuckDB database, which gives"
                + " every pooled connection its own empty database; use a file"
                + " (jdbc:duckdb:/path/tablewave.duckdb) or a named one (jdbc:duckdb::memory:name)");
      }
      return StoreKind.DUCKDB;
    }
    if (lower.startsWith("jdbc:h2:")) {
      String target = stripProperties(lower.substring("jdbc:h2:".length()));
      if (target.equals("mem:") || target.isEmpty()) {
        throw new TablewaveException(
            ErrorCode.INVALID_PROPERTY,
            "Store URL '"
                + redact(url)
                + "' is an unnamed in-memory H2 database, which gives"
                + " every pooled connection its own empty database; use a file (jdbc:h2:/path/db)"
                + " or a named one (jdbc:h2:mem:name;DB_CLOSE_DELAY=-1)");
      }
      return StoreKind.H2;
    }
    if (lower.startsWith("jdbc:postgresql:")) {
      return StoreKind.POSTGRESQL;
    }
    if (lower.startsWith("jdbc:trino://")) {
      return StoreKind.TRINO;
    }
    throw new TablewaveException(
        ErrorCode.INVALID_PROPERTY,
        "Store URL '" + redact(url) + "' is not supported; use one of: " + SUPPORTED_FORMS);
  }

  private static String stripProperties(String target) {
    int cut = target.length();
    for (char c : new char[] {';', '?'}) {
      int i = target.indexOf(c);
      if (i >= 0 && i < cut) {
        cut = i;
      }
    }
    return target.substring(0, cut).trim();
  }
}
