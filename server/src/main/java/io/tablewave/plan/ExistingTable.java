package io.tablewave.plan;

import io.tablewave.sql.TableName;

import static java.util.Objects.requireNonNull;

/**
 * A table the registry already knows.
 *
 * @param name the name as it was created
 * @param loading true while its first load is still running in another batch
 */
public record ExistingTable(TableName name, boolean loading) {
  public ExistingTable {
    requireNonNull(name, "name is null");
  }
}
