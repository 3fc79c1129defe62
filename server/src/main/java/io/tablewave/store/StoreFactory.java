package io.tablewave.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Opens the store the settings name, behind its own connection pool. */
public final class StoreFactory {
  /** The file of the default store inside the data directory. */
  public static final String DEFAULT_DUCKDB_FILE = "tablewave.duckdb";

  static final String POOL_NAME = "tablewave-store";
  private static final long CONNECTION_TIMEOUT_MILLIS = 30_000;

  private StoreFactory() {}

  /**
   * Opens the store and checks that it answers.
   *
   * @throws TablewaveException INVALID_PROPERTY for a URL of no supported store, STORE_UNAVAILABLE
   *     when the store cannot be reached
   */
  public static Store open(StoreSettings settings) {
    requireNonNull(settings, "settings is null");
    String url =
        settings.storeUrl() == null
            ? "jdbc:duckdb:" + settings.dataDir().resolve(DEFAULT_DUCKDB_FILE).toAbsolutePath()
            : settings.storeUrl().trim();
    StoreKind kind = StoreUrls.kindOf(url);
    String redacted = StoreUrls.redact(url);
    if (kind == StoreKind.DUCKDB) {
      createParentDirectory(url, redacted);
    }
    TrinoStore.TrinoLocation trino =
        kind == StoreKind.TRINO ? TrinoStore.TrinoLocation.of(url, redacted) : null;
    HikariDataSource dataSource = pool(kind, url, redacted, settings);
    return switch (kind) {
      case DUCKDB -> new DuckDbStore(dataSource, redacted);
      case H2 -> new H2Store(dataSource, redacted);
      case POSTGRESQL -> new PostgresStore(dataSource, redacted);
      case TRINO -> new TrinoStore(dataSource, redacted, trino);
    };
  }

  private static HikariDataSource pool(
      StoreKind kind, String url, String redacted, StoreSettings settings) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(POOL_NAME);
    config.setJdbcUrl(url);
    config.setDriverClassName(
        switch (kind) {
          case DUCKDB -> "org.duckdb.DuckDBDriver";
          case H2 -> "org.h2.Driver";
          case POSTGRESQL -> "org.postgresql.Driver";
          case TRINO -> "io.trino.jdbc.TrinoDriver";
        });
    if (settings.user() != null) {
      config.setUsername(settings.user());
    }
    if (settings.password() != null) {
      config.setPassword(settings.password());
    }
    config.setMaximumPoolSize(settings.maxPoolSize());
    config.setMinimumIdle(Math.min(2, settings.maxPoolSize()));
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
    switch (kind) {
      case DUCKDB ->
          config.setConnectionInitSql(
              "SET memory_limit = '" + settings.duckDbMemoryLimit().toUpperCase(Locale.ROOT) + "'");
      // A concurrent DDL statement may hold a lock for longer than H2's default second.
      case H2 -> config.setConnectionInitSql("SET LOCK_TIMEOUT 10000");
      case POSTGRESQL, TRINO -> {}
    }
    try {
      return new HikariDataSource(config);
    } catch (HikariPool.PoolInitializationException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (kind == StoreKind.DUCKDB && isLockedByAnotherProcess(cause)) {
        throw new TablewaveException(
            ErrorCode.STORE_LOCKED,
            "The DuckDB store "
                + redacted
                + " is in use by another"
                + " process ("
                + cause.getMessage().strip()
                + "); stop that process, or give this server another"
                + " --data-dir or --store-url",
            e);
      }
      throw new TablewaveException(
          ErrorCode.STORE_UNAVAILABLE,
          "Cannot connect to the "
              + kind
              + " store at "
              + redacted
              + ": "
              + cause.getMessage()
              + "; check the URL, that the database is running, and the user and password",
          e);
    } catch (RuntimeException e) {
      throw new TablewaveException(
          ErrorCode.STORE_UNAVAILABLE,
          "Cannot open the " + kind + " store at " + redacted + ": " + e.getMessage(),
          e);
    }
  }

  /**
   * DuckDB allows one process per database file and says so: "Could not set lock on file ...:
   * Conflicting lock ...".
   */
  private static boolean isLockedByAnotherProcess(Throwable failure) {
    String message = failure.getMessage();
    return message != null && message.contains("Could not set lock on file");
  }

  private static void createParentDirectory(String url, String redacted) {
    String target = url.substring("jdbc:duckdb:".length());
    int cut = target.indexOf(';');
    if (cut >= 0) {
      target = target.substring(0, cut);
    }
    cut = target.indexOf('?');
    if (cut >= 0) {
      target = target.substring(0, cut);
    }
    if (target.startsWith(":memory:") || target.startsWith("memory:") || target.startsWith("md:")) {
      return;
    }
    Path parent = Path.of(target).toAbsolutePath().getParent();
    if (parent == null) {
      return;
    }
    try {
      Files.createDirectories(parent);
    } catch (IOException | RuntimeException e) {
      throw new TablewaveException(
          ErrorCode.STORE_UNAVAILABLE,
          "Cannot create the directory "
              + parent
              + " for the DuckDB store "
              + redacted
              + ": "
              + e.getMessage()
              + "; choose a writable data directory",
          e);
    }
  }
}
