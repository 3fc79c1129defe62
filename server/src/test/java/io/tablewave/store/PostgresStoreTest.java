package io.tablewave.store;

import io.tablewave.testing.PostgresTestCluster;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class PostgresStoreTest extends AbstractStoreTest {
  private static PostgresTestCluster cluster;
  private static PostgresTestCluster.Endpoint endpoint;

  @TempDir Path dataDir;

  @BeforeAll
  static void startCluster() {
    cluster = new PostgresTestCluster();
    endpoint = cluster.start();
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Override
  protected Store openStore() {
    return StoreFactory.open(
        StoreSettings.forUrl(endpoint.jdbcUrl(), endpoint.user(), endpoint.password(), dataDir));
  }

  @Override
  protected StoreKind expectedKind() {
    return StoreKind.POSTGRESQL;
  }

  @Override
  protected Class<?> expectedDialect() {
    return PostgresDialect.class;
  }

  @Override
  protected boolean expectedJoinsWell() {
    return true;
  }

  @Override
  protected String slowSelect() {
    return "SELECT 1 AS x FROM pg_sleep(60)";
  }

  @Override
  protected String expectedProduct() {
    return "PostgreSQL";
  }
}
