package io.tablewave.store;

import java.util.regex.Pattern;

/**
 * How the tables Tablewave builds in the store are named: {@code <NAME>__tw<batch>} holds a
 * table's rows, {@code <NAME>__tw<batch>_k<n>} a Kafka topic staged for its load. Any such table
 * the registry does not point to is left over from an interrupted load.
 */
public final class PhysicalNames {
  private static final Pattern BUILT_BY_TABLEWAVE = Pattern.compile(".+__tw\\d+(_k\\d+)?");

  private PhysicalNames() {
  }

  /** The physical table that holds the rows a batch loads for a table. */
  public static String table(String tableName, long batchId) {
    return tableName + "__tw" + batchId;
  }

  /** The staging table of the {@code index}-th Kafka topic a load reads. */
  public static String stagedTopic(String physicalTable, int index) {
    return physicalTable + "_k" + index;
  }

  /** Whether a store table is one Tablewave built. */
  public static boolean isBuiltByTablewave(String storeTable) {
    return BUILT_BY_TABLEWAVE.matcher(storeTable).matches();
  }
}
