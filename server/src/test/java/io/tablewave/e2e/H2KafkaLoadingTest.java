package io.tablewave.e2e;

import io.tablewave.testing.TestStore;

/** The Kafka scenarios on H2. */
class H2KafkaLoadingTest extends KafkaLoadingSuite {
  @Override
  TestStore store() {
    return TestStore.H2;
  }
}
