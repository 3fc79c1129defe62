package io.tablewave.e2e;

import io.tablewave.testing.TestStore;

/** The refresh scenarios on DuckDB, the default store. */
class DuckDbRefreshTest extends RefreshSuite {
  @Override
  TestStore store() {
    return TestStore.DUCKDB;
  }
}
