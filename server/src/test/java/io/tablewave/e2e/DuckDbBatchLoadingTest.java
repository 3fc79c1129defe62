package io.tablewave.e2e;

import io.tablewave.testing.TestStore;

/** The core scenarios on the default store, DuckDB. */
class DuckDbBatchLoadingTest extends BatchLoadingSuite {
  @Override
  TestStore store() {
    return TestStore.DUCKDB;
  }

  @Override
  boolean pushesJoinsDown() {
    return true;
  }

  @Override
  String slowQuery(String source) {
    return "SELECT a.x * 1000000 + b.x * 1000 + c.x AS v FROM "
        + source
        + " a, "
        + source
        + " b, "
        + source
        + " c WHERE c.x < 4";
  }
}
