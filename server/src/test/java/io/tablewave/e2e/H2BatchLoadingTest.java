package io.tablewave.e2e;

import io.tablewave.testing.TestStore;

/** The core scenarios on H2. */
class H2BatchLoadingTest extends BatchLoadingSuite {
  @Override
  TestStore store() {
    return TestStore.H2;
  }

  @Override
  boolean pushesJoinsDown() {
    return false;
  }

  @Override
  String slowQuery(String source) {
    return "SELECT a.x * 1000 + b.x AS v FROM " + source + " a, " + source + " b WHERE b.x < 60";
  }
}
