package io.tablewave.e2e;

import io.tablewave.testing.TestStore;

/** The refresh scenarios on H2. */
class H2RefreshTest extends RefreshSuite {
  @Override
  TestStore store() {
    return TestStore.H2;
  }
}
