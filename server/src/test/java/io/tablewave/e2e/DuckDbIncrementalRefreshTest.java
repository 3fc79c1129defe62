package io.tablewave.e2e;

import io.tablewave.testing.TestStore;

/** The incremental refresh scenarios on DuckDB, the default store. */
class DuckDbIncrementalRefreshTest extends IncrementalRefreshSuite {
  @Override
  TestStore store() {
    return TestStore.DUCKDB;
  }
}
