package io.tablewave.query;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.util.concurrent.UncheckedExecutionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.calcite.adapter.jdbc.StoreTables;
import org.apache.calcite.rel.type.RelProtoDataType;

/**
 * The columns of registered physical tables, read from the store's metadata once per table: reading
 * them through JDBC metadata took a few milliseconds of every query and every CTAS. Physical tables
 * keep their columns for life, so entries never go stale; the least used go when the cache is full.
 */
final class RegisteredColumns implements StoreTables.ColumnCache {
  private final Cache<String, RelProtoDataType> columns;

  RegisteredColumns(long maxTables) {
    this.columns = CacheBuilder.newBuilder().maximumSize(maxTables).build();
  }

  @Override
  public RelProtoDataType columns(String physicalTable, Supplier<RelProtoDataType> lookUp) {
    try {
      return columns.get(physicalTable, lookUp::get);
    } catch (ExecutionException | UncheckedExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
