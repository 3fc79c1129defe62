package io.tablewave.e2e;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.PostgresTestCluster;
import io.tablewave.testing.TestStore;
import java.util.Map;

/** The core scenarios on PostgreSQL, a private cluster started for the suite. */
class PostgresBatchLoadingTest extends BatchLoadingSuite {
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
        + " c WHERE c.x < 2";
  }
}
