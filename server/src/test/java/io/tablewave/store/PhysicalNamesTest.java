package io.tablewave.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

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
  void anAverageStateBelongsToThePhysicalTableItIsNamedAfter() {
    String table = PhysicalNames.table("ORDERS", 17);
    assertThat(PhysicalNames.state(table)).isEqualTo("ORDERS__tw17_s");
    assertThat(PhysicalNames.isBuiltByTablewave(PhysicalNames.state(table))).isTrue();
    assertThat(PhysicalNames.isBuiltByTablewave(PhysicalNames.stateDelta(table))).isTrue();
    assertThat(PhysicalNames.stateOwner(PhysicalNames.state(table))).isEqualTo(table);
    assertThat(PhysicalNames.stateOwner(table)).isNull();
    assertThat(PhysicalNames.stateOwner(PhysicalNames.stateDelta(table))).isNull();
    assertThat(PhysicalNames.stateOwner("ORDERS_s")).isNull();
    String longName = PhysicalNames.table("X".repeat(80), 123456789L);
    assertThat(PhysicalNames.stateDelta(longName).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(PhysicalNames.MAX_BYTES);
  }

  @Test
  void tablesOthersCreatedInTheStoreAreLeftAlone() {
    assertThat(PhysicalNames.isBuiltByTablewave("ORDERS")).isFalse();
    assertThat(PhysicalNames.isBuiltByTablewave("ORDERS__tw")).isFalse();
    assertThat(PhysicalNames.isBuiltByTablewave("ORDERS__tw17_backup")).isFalse();
    assertThat(PhysicalNames.isBuiltByTablewave("__tw17")).isFalse();
  }

  @Test
  void longNamesFitPostgresLimitAndStayApartWhenTheyStartAlike() {
    String start = "CUSTOMER_LIFETIME_VALUE_BY_REGION_AND_QUARTER_FOR_THE_FINANCE_TEAM";
    String one = PhysicalNames.table(start + "_VERSION_ONE", 123456789L);
    String two = PhysicalNames.table(start + "_VERSION_TWO", 123456789L);
    assertThat(one)
        .isNotEqualTo(two)
        .startsWith("CUSTOMER_LIFETIME_VALUE")
        .endsWith("__tw123456789");
    assertThat(PhysicalNames.stagedTopic(one, 99).getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(PhysicalNames.MAX_BYTES);
    assertThat(PhysicalNames.isBuiltByTablewave(PhysicalNames.stagedTopic(two, 3))).isTrue();
    assertThat(PhysicalNames.table(start + "_VERSION_ONE", 123456789L))
        .as("deterministic")
        .isEqualTo(one);
    String multiByte = PhysicalNames.table("ÜBERSICHT_".repeat(12), 1);
    assertThat(multiByte.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(PhysicalNames.MAX_BYTES - 6);
  }
}
