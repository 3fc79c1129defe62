package io.tablewave.testing;

import java.nio.file.Path;
import java.util.Optional;

/** The stores an end-to-end suite runs on. */
public enum TestStore {
  DUCKDB {
    @Override
    Optional<String> url(Path dataDir) {
      return Optional.empty();
    }
  },
  /** A PostgreSQL cluster the suite starts itself and names with ServerOption.STORE_URL. */
  POSTGRESQL {
    @Override
    Optional<String> url(Path dataDir) {
      return Optional.empty();
    }
  },
  /** A Trino cluster the suite starts itself and names with ServerOption.STORE_URL. */
  TRINO {
    @Override
    Optional<String> url(Path dataDir) {
      return Optional.empty();
    }
  },
  H2 {
    @Override
    Optional<String> url(Path dataDir) {
      return Optional.of("jdbc:h2:file:" + dataDir.resolve("h2store").toAbsolutePath());
    }
  };

  /** The store URL for a server with this data directory; empty for the server's default. */
  abstract Optional<String> url(Path dataDir);
}
