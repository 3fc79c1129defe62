package io.tablewave.execute;

import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.Dependencies;

import static java.util.Objects.requireNonNull;

/**
 * One table to build.
 *
 * @param physicalName the new physical table to build; it becomes visible only when swapped in
 */
public record MaterializeRequest(long batchId, CreateTableAs statement, Dependencies dependencies,
    String physicalName) {
  public MaterializeRequest {
    requireNonNull(statement, "statement is null");
    requireNonNull(dependencies, "dependencies is null");
    requireNonNull(physicalName, "physicalName is null");
  }
}
