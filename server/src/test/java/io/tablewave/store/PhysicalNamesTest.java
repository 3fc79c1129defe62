package io.tablewave.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PhysicalNamesTest {
  @Test
  void everyTableALoadBuildsIsRecognisedForTheStartupSweep() {
    String table = PhysicalNames.table("ORDERS", 17);
    assertThat(table).isEqualTo("ORDERS__tw17");
    assertThat(PhysicalNames.isBuiltByTablewave(table)).isTrue();
    assertThat(PhysicalNames.isBuiltByTablewave(PhysicalNames.stagedTopic(table, 0))).isTrue();
    assertThat(PhysicalNames.isBuiltByTablewave(PhysicalNames.stagedTopic(table, 12))).isTrue();
  }

  @Test
  void tablesOthersCreatedInTheStoreAreLeftAlone() {
    assertThat(PhysicalNames.isBuiltByTablewave("ORDERS")).isFalse();
    assertThat(PhysicalNames.isBuiltByTablewave("ORDERS__tw")).isFalse();
    assertThat(PhysicalNames.isBuiltByTablewave("ORDERS__tw17_backup")).isFalse();
    assertThat(PhysicalNames.isBuiltByTablewave("__tw17")).isFalse();
  }
}
