package io.tablewave.avatica;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.tablewave.query.QueryEngine;
import io.tablewave.system.WholeTable;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.calcite.adapter.enumerable.EnumerableInterpreter;
import org.apache.calcite.adapter.jdbc.JdbcToEnumerableConverter;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.interpreter.Bindables;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.runtime.Hook;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.mapping.Mappings;

/**
 * The plans of plain queries that run in the store as one statement, or that read one system table
 * whole, by the query's text and the registry's tables version. A query of registered tables that
 * the store runs whole is translated for it without Calcite's optimization and code generation
 * ({@link #translatedForTheStore}); any other query goes through Calcite, and when Calcite did
 * nothing but read one store statement's rows (nothing left for it to compute, columns of plain
 * types), that statement and the columns Calcite described are kept. Either way the next runs of
 * the same text send the statement to the store directly and stream its rows ({@link StoreCursor}),
 * without parsing, validating, optimizing or generating code again. A change to any table changes
 * the version, so a kept plan never reads a table that was replaced or dropped. A query that
 * Calcite planned as a scan of a whole system table and nothing more is answered the same way from
 * the table's rows ({@link WholeTable}), read anew at each run.
 */
final class StorePlans {
  /**
   * What is kept, in texts of up to a KiB, a longer text counting once per KiB, so that a client
   * sending long texts cannot fill the heap; the least recently used are dropped first.
   */
  private static final int TEXTS_KEPT = 10_000;

  /** What a plan was made for. */
  record Key(String sql, String schema, long maxRowCount, long tablesVersion) {}

  /** A query Tablewave runs without Calcite, and the columns a client is told. */
  sealed interface Plan permits InStore, WholeSystemTable {
    Meta.Signature signature();
  }

  /** A query run in the store: its statement there. */
  record InStore(String storeSql, Meta.Signature signature) implements Plan {}

  /** A query that reads a system table whole, as it is: its rows are the table's rows. */
  record WholeSystemTable(WholeTable table, Meta.Signature signature) implements Plan {}

  private final Cache<Key, Plan> plans = byText();

  /** Queries their translation for the store declined. */
  private final Cache<Key, Key> declined = byText();

  private static <V> Cache<Key, V> byText() {
    return CacheBuilder.newBuilder()
        .maximumWeight(TEXTS_KEPT)
        .weigher((Key key, V value) -> 1 + key.sql().length() / 1024)
        .build();
  }

  Optional<Plan> plan(Key key) {
    return Optional.ofNullable(plans.getIfPresent(key));
  }

  /**
   * The plan of a query the store answers alone, translated for it without Calcite's preparation by
   * {@code translate} ({@link QueryEngine#plainStoreQuery}) and kept under {@code key}; empty when
   * the translation declines the query or a column is of a type frames do not carry, and Calcite's
   * preparation then runs it. A declined key is remembered, so that its next runs go to Calcite
   * (and its kept plans) without translating again.
   */
  Optional<InStore> translatedForTheStore(
      Key key, Supplier<Optional<QueryEngine.PlainStoreQuery>> translate) {
    if (declined.getIfPresent(key) != null) {
      return Optional.empty();
    }
    Optional<InStore> plan =
        translate
            .get()
            .map(
                query ->
                    new InStore(
                        query.storeSql(),
                        QuerySignatures.of(query.rowType(), query.fieldOrigins())))
            .filter(inStore -> plainColumns(inStore.signature(), false));
    plan.ifPresentOrElse(inStore -> plans.put(key, inStore), () -> declined.put(key, key));
    return plan;
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
    if (physical.get() == null || result.resultSets.size() != 1) {
      return result;
    }
    Meta.Signature signature = result.resultSets.get(0).signature;
    if (storeStatements.size() == 1
        && onlyReadsTheStore(physical.get())
        && signature != null
        && plainColumns(signature, false)) {
      plans.put(key, new InStore(storeStatements.get(0), signature));
    } else if (storeStatements.isEmpty() && signature != null && plainColumns(signature, true)) {
      wholeSystemTable(physical.get())
          .ifPresent(table -> plans.put(key, new WholeSystemTable(table, signature)));
    }
    return result;
  }

  /**
   * The system table a plan reads whole and as it is (all its columns in order, every row, no order
   * asked for), if that is all the plan does.
   */
  private static Optional<WholeTable> wholeSystemTable(RelRoot root) {
    if (root.kind != SqlKind.SELECT
        || !root.isRefTrivial()
        || !root.collation.getFieldCollations().isEmpty()) {
      return Optional.empty();
    }
    RelNode rel =
        root.rel instanceof EnumerableInterpreter interpreter ? interpreter.getInput() : root.rel;
    if (rel instanceof Bindables.BindableTableScan scan
        && (!scan.filters.isEmpty()
            || !Mappings.isIdentity(scan.projects, scan.getTable().getRowType().getFieldCount()))) {
      return Optional.empty();
    }
    if (!(rel instanceof TableScan scan)
        || scan.getRowType().getFieldCount() != scan.getTable().getRowType().getFieldCount()) {
      return Optional.empty();
    }
    return Optional.ofNullable(scan.getTable().unwrap(WholeTable.class));
  }

  /** Whether Calcite's physical plan is the store's statement and nothing more. */
  private static boolean onlyReadsTheStore(RelRoot root) {
    return root.rel instanceof JdbcToEnumerableConverter && root.isRefTrivial();
  }

  /**
   * Whether every column is of a type Tablewave frames: {@link ResultFrames#readable}, or a
   * TIMESTAMP when {@code timestamps} (Calcite's rows hold it as its epoch milliseconds, what a
   * frame carries; a store's result set does not).
   */
  private static boolean plainColumns(Meta.Signature signature, boolean timestamps) {
    if (signature.columns == null || !signature.parameters.isEmpty()) {
      return false;
    }
    for (ColumnMetaData column : signature.columns) {
      boolean timestamp = timestamps && column.type.id == Types.TIMESTAMP;
      if (!timestamp && !ResultFrames.readable(column.type.id)) {
        return false;
      }
    }
    return true;
  }
}
