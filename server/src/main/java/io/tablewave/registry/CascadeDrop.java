package io.tablewave.registry;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The walk of the dependency graph a DROP TABLE makes: the table, and with CASCADE every table that
 * reads it, directly or not. A table whose first load runs is never dropped, and without CASCADE
 * neither is a table others read.
 */
final class CascadeDrop {
  private CascadeDrop() {}

  /** The tables dropping {@code name} removes, the named one first. */
  static List<TableEntry> doomed(RegistryState state, String name, boolean cascade) {
    TableEntry entry = state.table(name);
    if (entry == null) {
      throw new TablewaveException(
          ErrorCode.TABLE_NOT_FOUND,
          "cannot drop table "
              + name
              + ": it does not exist (use DROP TABLE IF EXISTS to ignore this)");
    }
    List<TableEntry> doomed = new ArrayList<>();
    Deque<TableEntry> work = new ArrayDeque<>(List.of(entry));
    Set<String> seen = new LinkedHashSet<>();
    while (!work.isEmpty()) {
      TableEntry current = work.pop();
      if (!seen.add(RegistryState.key(current.name()))) {
        continue;
      }
      if (current.status() == TableStatus.LOADING) {
        throw new TablewaveException(
            ErrorCode.TABLE_BUSY,
            "cannot drop table "
                + current.name()
                + ": its first load is running in batch "
                + current.batchId()
                + "; wait for it or cancel the batch");
      }
      doomed.add(current);
      List<String> dependents = state.dependentsOf(current.name());
      if (!dependents.isEmpty() && !cascade) {
        throw new TablewaveException(
            ErrorCode.DEPENDENT_TABLES_EXIST,
            "cannot drop table "
                + current.name()
                + ": tables "
                + String.join(", ", dependents)
                + " depend on it; drop them first or use DROP TABLE "
                + current.name()
                + " CASCADE");
      }
      dependents.forEach(d -> work.push(state.table(d)));
    }
    return doomed;
  }
}
