package io.tablewave.e2e;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.PostgresTestCluster;
import io.tablewave.testing.TestStore;
import java.util.Map;

/** The incremental refresh scenarios on PostgreSQL, a private cluster started for the suite. */
class PostgresIncrementalRefreshTest extends IncrementalRefreshSuite {
  private final PostgresTestCluster cluster = new PostgresTestCluster();

  @Override
  TestStore store() {
    return TestStore.POSTGRESQL;
  }

  @Override
  Map<ServerOption, String> serverOptions() {
    PostgresTestCluster.Endpoint endpoint = cluster.start();
    return Map.of(
        ServerOption.STORE_URL,
        endpoint.jdbcUrl(),
        ServerOption.STORE_USER,
        endpoint.user(),
        ServerOption.STORE_PASSWORD,
        endpoint.password());
  }

  @Override
  void afterServerStopped() {
    cluster.close();
  }
}
