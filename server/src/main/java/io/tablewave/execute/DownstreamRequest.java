package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import io.tablewave.sql.TableName;

/**
 * A refresh of a table of one loaded table from the rows an incremental refresh of that input added
 * in the same batch, instead of from the whole input.
 *
 * @param build the table's statement and columns; its physical name names the refresh's new tables
 * @param targetPhysical the physical table that holds the table's rows now
 * @param input the table's one input table
 * @param inputDelta the store table holding the rows the input's refresh added, which the input's
 *     query reads in place of the input
 */
public record DownstreamRequest(
    MaterializeRequest build, String targetPhysical, TableName input, String inputDelta) {
  public DownstreamRequest {
    requireNonNull(build, "build is null");
    requireNonNull(targetPhysical, "targetPhysical is null");
    requireNonNull(input, "input is null");
    requireNonNull(inputDelta, "inputDelta is null");
  }
}
