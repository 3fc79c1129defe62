package io.tablewave.system;

import java.util.List;

/**
 * A system table whose rows need nothing of the query that reads them: a query that reads all of it
 * as it is ({@code SELECT * FROM SYS.TABLES}) can be answered from these rows without Calcite.
 * Values are as Calcite holds them: strings, numbers, instants as epoch milliseconds, or null.
 */
public interface WholeTable {
  /** The rows as of now, each with one value per column in order. */
  List<Object[]> rows();
}
