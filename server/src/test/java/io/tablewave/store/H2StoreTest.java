package io.tablewave.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class H2StoreTest extends AbstractStoreTest {
  @TempDir Path dataDir;

  @Override
  protected Store openStore() {
    return StoreFactory.open(
        StoreSettings.forUrl("jdbc:h2:" + dataDir.resolve("h2store"), "sa", "", dataDir));
  }

  @Override
  protected StoreKind expectedKind() {
    return StoreKind.H2;
  }

  @Override
  protected Class<?> expectedDialect() {
    return H2Dialect.class;
  }

  @Override
  protected boolean expectedJoinsWell() {
    return false;
  }

  @Override
  protected String slowSelect() {
    return "SELECT COUNT(*) AS c FROM SYSTEM_RANGE(1, 1000000) a, SYSTEM_RANGE(1, 1000000) b";
  }

  @Override
  protected String expectedProduct() {
    return "H2";
  }
}
