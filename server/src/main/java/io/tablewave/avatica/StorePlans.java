package io.tablewave.avatica;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.calcite.adapter.jdbc.JdbcToEnumerableConverter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;

/**
 * The plans of plain queries that run in the store as one statement, by the query's text and the
 * registry's tables version: the first run of a query goes through Calcite, which plans it and
 * sends one statement to the store; when Calcite did nothing but read that statement's rows (every
 * table in the store, nothing left for Calcite to compute, columns of plain types), the statement
 * and the columns Calcite described are kept, and the next runs of the same text send the statement
 * to the store directly and stream its rows ({@link StoreCursor}), without parsing, validating,
 * optimizing or generating code again. A change to any table changes the version, so a kept plan
 * never reads a table that was replaced or dropped.
 */
final class StorePlans {
  /** Distinct query texts kept; the least recently used are dropped first. */
  private static final int PLANS_KEPT = 10_000;

  /** What a plan was made for. */
  record Key(String sql, String schema, long maxRowCount, long tablesVersion) {}

  /** A query run in the store: its statement there and the columns a client is told. */
  record Plan(String storeSql, Meta.Signature signature) {}

  private final Cache<Key, Plan> plans = CacheBuilder.newBuilder().maximumSize(PLANS_KEPT).build();

  Optional<Plan> plan(Key key) {
    return Optional.ofNullable(plans.getIfPresent(key));
  }

  /**
   * Runs a query through Calcite and keeps its plan under {@code key} when the store did all of its
   * work.
   */
  Meta.ExecuteResult planThroughCalcite(Key key, Callable<Meta.ExecuteResult> calcite)
      throws Exception {
    List<String> storeStatements = new ArrayList<>();
    AtomicReference<RelRoot> physical = new AtomicReference<>();
    Meta.ExecuteResult result;
    try (Hook.Closeable sent =
            Hook.QUERY_PLAN.addThread((Consumer<Object>) sql -> storeStatements.add((String) sql));
        Hook.Closeable planned =
            Hook.PLAN_BEFORE_IMPLEMENTATION.addThread((Consumer<RelRoot>) physical::set)) {
      result = calcite.call();
    }
    if (storeStatements.size() == 1
        && physical.get() != null
        && onlyReadsTheStore(physical.get())
        && result.resultSets.size() == 1) {
      Meta.Signature signature = result.resultSets.get(0).signature;
      if (signature != null && plainColumns(signature)) {
        plans.put(key, new Plan(storeStatements.get(0), signature));
      }
    }
    return result;
  }

  /** Whether Calcite's physical plan is the store's statement and nothing more. */
  private static boolean onlyReadsTheStore(RelRoot root) {
    return root.rel instanceof JdbcToEnumerableConverter && root.isRefTrivial();
  }

  private static boolean plainColumns(Meta.Signature signature) {
    if (signature.columns == null || !signature.parameters.isEmpty()) {
      return false;
    }
    for (ColumnMetaData column : signature.columns) {
      if (!ResultFrames.readable(column.type.id)) {
        return false;
      }
    }
    return true;
  }
}
