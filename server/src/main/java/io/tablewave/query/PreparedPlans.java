package io.tablewave.query;

import static java.util.Objects.requireNonNull;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.prepare.CalcitePrepareImpl;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;

/**
 * Calcite's preparation of queries, keeping what it prepared (the signature with its generated
 * code) for the next run of the same text on the same connection: a client that polls {@code
 * SYS.PROGRESS} or {@code SYS.TABLES} pays for parsing, validation, planning and code generation
 * once. The rows are read when the plan runs, so a kept plan always shows the current rows.
 *
 * <p>A plan is kept only when every table it reads has columns that cannot change under it: a table
 * of a schema whose tables never change their columns ({@code SYS}, {@code INFORMATION_SCHEMA}), or
 * a table of {@code PUBLIC}, whose changes change the tables version that is part of the key. Plans
 * reading Kafka topics directly are prepared each time, as a topic's columns are sampled.
 */
final class PreparedPlans extends CalcitePrepareImpl {
  /** Query texts kept per connection; the least recently used are dropped first. */
  private static final int PLANS_PER_CONNECTION = 64;

  /** What a plan was prepared for, besides its connection. */
  private record Key(
      String sql,
      List<String> schemaPath,
      Type elementType,
      long maxRowCount,
      long tablesVersion) {}

  private final LongSupplier tablesVersion;
  private final Set<String> keptSchemas;

  /** Per connection (its root schema, held weakly so a closed connection's plans go with it). */
  private final Cache<CalciteSchema, Cache<Key, CalciteSignature<?>>> byConnection =
      CacheBuilder.newBuilder().weakKeys().build();

  /**
   * @param tablesVersion a number that changes whenever a table of {@code PUBLIC} changes
   * @param keptSchemas the schemas whose tables a kept plan may read
   */
  PreparedPlans(LongSupplier tablesVersion, Set<String> keptSchemas) {
    this.tablesVersion = requireNonNull(tablesVersion, "tablesVersion is null");
    this.keptSchemas = Set.copyOf(keptSchemas);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> CalciteSignature<T> prepareSql(
      Context context, Query<T> query, Type elementType, long maxRowCount) {
    if (query.sql == null) {
      return super.prepareSql(context, query, elementType, maxRowCount);
    }
    Key key =
        new Key(
            query.sql,
            List.copyOf(context.getDefaultSchemaPath()),
            elementType,
            maxRowCount,
            tablesVersion.getAsLong());
    Cache<Key, CalciteSignature<?>> plans = plansOf(context.getMutableRootSchema());
    CalciteSignature<?> kept = plans.getIfPresent(key);
    if (kept != null) {
      return (CalciteSignature<T>) kept;
    }
    AtomicReference<RelRoot> planned = new AtomicReference<>();
    CalciteSignature<T> signature;
    try (Hook.Closeable watching =
        Hook.PLAN_BEFORE_IMPLEMENTATION.addThread((Consumer<RelRoot>) planned::set)) {
      signature = super.prepareSql(context, query, elementType, maxRowCount);
    }
    if (signature.statementType == Meta.StatementType.SELECT
        && planned.get() != null
        && readsOnlyKeptSchemas(planned.get())) {
      plans.put(key, signature);
    }
    return signature;
  }

  private Cache<Key, CalciteSignature<?>> plansOf(CalciteSchema connectionRoot) {
    try {
      return byConnection.get(
          connectionRoot,
          () -> CacheBuilder.newBuilder().maximumSize(PLANS_PER_CONNECTION).build());
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot make the plan cache of a connection", e);
    }
  }

  private boolean readsOnlyKeptSchemas(RelRoot root) {
    for (RelOptTable table : RelOptUtil.findAllTables(root.rel)) {
      List<String> name = table.getQualifiedName();
      if (name.size() < 2 || !keptSchemas.contains(name.get(0))) {
        return false;
      }
    }
    return true;
  }
}
