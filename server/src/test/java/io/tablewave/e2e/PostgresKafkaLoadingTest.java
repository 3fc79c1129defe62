package io.tablewave.e2e;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.PostgresTestCluster;
import io.tablewave.testing.TestStore;
import java.util.Map;

/** The Kafka scenarios on PostgreSQL, a private cluster started for the suite. */
class PostgresKafkaLoadingTest extends KafkaLoadingSuite {
  private final PostgresTestCluster cluster = new PostgresTestCluster();

  @Override
  TestStore store() {
    return TestStore.POSTGRESQL;
  }

  @Override
  Map<ServerOption, String> serverOptions() {
    return cluster.start().serverOptions();
  }

  @Override
  void afterServerStopped() {
    cluster.close();
  }
}
