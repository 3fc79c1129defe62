package io.tablewave.plan;

import static java.util.Objects.requireNonNull;

import io.tablewave.sql.TableName;

/**
 * A table the registry already knows.
 *
 * @param name the name as it was created
 * @param loading true while its first load is still running in another batch
 * @param rowCount rows it holds (0 while its first load runs); the planner's size estimate for its
 *     readers
 */
public record ExistingTable(TableName name, boolean loading, long rowCount) {
  public ExistingTable {
    requireNonNull(name, "name is null");
    if (rowCount < 0) {
      throw new IllegalArgumentException("rowCount is negative: " + rowCount);
    }
  }

  public ExistingTable(TableName name, boolean loading) {
    this(name, loading, 0);
  }
}
