package io.tablewave.store;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * How to reach the store.
 *
 * @param storeUrl JDBC URL of the store ({@code jdbc:duckdb:}, {@code jdbc:h2:} or {@code
 *     jdbc:postgresql:}); null means the DuckDB file {@code <dataDir>/tablewave.duckdb}
 * @param user user name, or null
 * @param password password, or null
 * @param dataDir directory for the default DuckDB file
 * @param duckDbMemoryLimit DuckDB's {@code memory_limit}, e.g. {@code 2GB}; null means {@link
 *     #DEFAULT_DUCKDB_MEMORY_LIMIT}
 * @param maxPoolSize the most connections the pool opens
 */
public record StoreSettings(
    String storeUrl,
    String user,
    String password,
    Path dataDir,
    String duckDbMemoryLimit,
    int maxPoolSize) {

  /** DuckDB would otherwise take 80% of the machine's memory, which the JVM also needs. */
  public static final String DEFAULT_DUCKDB_MEMORY_LIMIT = "2GB";

  public static final int DEFAULT_MAX_POOL_SIZE = 10;

  private static final Pattern MEMORY_LIMIT =
      Pattern.compile(
          "[0-9]+(\\.[0-9]+)?\\s*(B|KB|MB|GB|TB|KIB|MIB|GIB|TIB)", Pattern.CASE_INSENSITIVE);

  public StoreSettings {
    requireNonNull(dataDir, "dataDir is null");
    if (duckDbMemoryLimit == null) {
      duckDbMemoryLimit = DEFAULT_DUCKDB_MEMORY_LIMIT;
    }
    duckDbMemoryLimit = duckDbMemoryLimit.trim();
    if (!MEMORY_LIMIT.matcher(duckDbMemoryLimit).matches()) {
      throw new TablewaveException(
          ErrorCode.INVALID_PROPERTY,
          "DuckDB memory limit '"
              + duckDbMemoryLimit
              + "' is not a size; use a number followed by"
              + " a unit such as 512MB, 2GB or 1.5GiB");
    }
    if (maxPoolSize < 1) {
      throw new TablewaveException(
          ErrorCode.INVALID_PROPERTY,
          "Store pool size "
              + maxPoolSize
              + " is too small; use at least 1 (default "
              + DEFAULT_MAX_POOL_SIZE
              + ")");
    }
  }

  /** The default store: a DuckDB file in {@code dataDir}. */
  public static StoreSettings defaults(Path dataDir) {
    return new StoreSettings(null, null, null, dataDir, null, DEFAULT_MAX_POOL_SIZE);
  }

  /** A store at {@code storeUrl} with default memory limit and pool size. */
  public static StoreSettings forUrl(String storeUrl, String user, String password, Path dataDir) {
    return new StoreSettings(storeUrl, user, password, dataDir, null, DEFAULT_MAX_POOL_SIZE);
  }

  /** The password is never part of the text form. */
  @Override
  public String toString() {
    return "StoreSettings[storeUrl="
        + (storeUrl == null ? null : StoreUrls.redact(storeUrl))
        + ", user="
        + user
        + ", dataDir="
        + dataDir
        + ", duckDbMemoryLimit="
        + duckDbMemoryLimit
        + ", maxPoolSize="
        + maxPoolSize
        + "]";
  }
}
