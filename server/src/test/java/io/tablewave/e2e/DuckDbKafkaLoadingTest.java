package io.tablewave.e2e;

import io.tablewave.testing.TestStore;

/** The Kafka scenarios on DuckDB, the default store. */
class DuckDbKafkaLoadingTest extends KafkaLoadingSuite {
  @Override
  TestStore store() {
    return TestStore.DUCKDB;
  }
}
