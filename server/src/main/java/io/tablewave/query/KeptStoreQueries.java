package io.tablewave.query;

import static java.util.Objects.requireNonNull;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import java.util.Optional;
import java.util.function.Function;

/**
 * Store statements planned for queries over registered tables only, by query text, each with the
 * table names its planning resolved: the same text whose names resolve to the same physical tables
 * plans to the same statement, so it is taken from here instead of being planned again (parsing,
 * validation and conversion took 2-5 ms of every in-store CTAS). The least used go when full.
 */
final class KeptStoreQueries {
  private record Kept(QueryEngine.StoreQuery query, TableResolutions resolutions) {}

  private final Cache<String, Kept> kept;
  private final Function<TableResolutions.Asked, Optional<TableResolutions.Answer>> lookUp;

  /**
   * @param lookUp what the registry answers for a table name now
   */
  KeptStoreQueries(
      long maxQueries, Function<TableResolutions.Asked, Optional<TableResolutions.Answer>> lookUp) {
    this.kept = CacheBuilder.newBuilder().maximumSize(maxQueries).build();
    this.lookUp = requireNonNull(lookUp, "lookUp is null");
  }

  /** The statement planned for {@code querySql}, if kept and its tables still resolve the same. */
  Optional<QueryEngine.StoreQuery> reusable(String querySql) {
    Kept entry = kept.getIfPresent(querySql);
    if (entry == null || !entry.resolutions().stillGiven(lookUp)) {
      return Optional.empty();
    }
    return Optional.of(entry.query());
  }

  /**
   * Keeps {@code query}, planned for {@code querySql} with {@code resolutions}, when those can be
   * checked again.
   */
  void keep(String querySql, QueryEngine.StoreQuery query, TableResolutions resolutions) {
    if (resolutions.checkable()) {
      kept.put(querySql, new Kept(query, resolutions));
    }
  }
}
