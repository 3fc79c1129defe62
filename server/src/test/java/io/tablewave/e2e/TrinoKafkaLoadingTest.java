package io.tablewave.e2e;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestStore;
import io.tablewave.testing.TrinoCluster;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka scenarios on Trino: each topic is staged into an Iceberg table through the bulk path,
 * then the CTAS runs in Trino.
 */
class TrinoKafkaLoadingTest extends KafkaLoadingSuite {
  @RegisterExtension static final TrinoCluster TRINO = new TrinoCluster();

  @Override
  TestStore store() {
    return TestStore.TRINO;
  }

  @Override
  Map<ServerOption, String> serverOptions() {
    return TRINO.serverOptions();
  }
}
