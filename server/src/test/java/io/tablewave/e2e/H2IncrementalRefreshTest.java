package io.tablewave.e2e;

import io.tablewave.testing.TestStore;

/** The incremental refresh scenarios on H2. */
class H2IncrementalRefreshTest extends IncrementalRefreshSuite {
  @Override
  TestStore store() {
    return TestStore.H2;
  }
}
