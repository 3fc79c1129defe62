package io.tablewave.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DuckDbStoreTest extends AbstractStoreTest {
  @TempDir Path dataDir;

  @Override
  protected Store openStore() {
    return StoreFactory.open(StoreSettings.defaults(dataDir));
  }

  @Override
  protected StoreKind expectedKind() {
    return StoreKind.DUCKDB;
  }

  @Override
  protected Class<?> expectedDialect() {
    return DuckDbDialect.class;
  }

  @Override
  protected boolean expectedJoinsWell() {
    return true;
  }

  @Override
  protected String slowSelect() {
    return "SELECT sum(a.range * b.range) AS s FROM range(1000000) a, range(1000000) b";
  }

  @Override
  protected String expectedProduct() {
    return "DuckDB";
  }

  @Test
  void manyThreadsCreatingAndDroppingDistinctTables() throws Exception {
    int threads = 8;
    int rounds = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  for (int r = 0; r < rounds; r++) {
                    String table = "ddl_" + thread + "_" + r;
                    assertThat(
                            store.createTableAs(
                                table,
                                List.of(Column.of("x", ColumnType.BIGINT)),
                                RawQuery.of("SELECT range AS x FROM range(100)"),
                                s -> Store.Watch.NONE))
                        .isEqualTo(100);
                    if (r % 2 == 0) {
                      store.dropTableIfExists(table);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> result : results) {
        result.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(store.listDataTables()).hasSize(threads * (rounds / 2));
  }

  @Test
  void recognisesDuckDbTransactionConflicts() throws SQLException {
    try (Connection first = store.dataSource().getConnection();
        Connection second = store.dataSource().getConnection();
        Statement firstStatement = first.createStatement();
        Statement secondStatement = second.createStatement()) {
      first.setAutoCommit(false);
      second.setAutoCommit(false);
      firstStatement.execute("CREATE TABLE contested (x INTEGER)");
      SQLException conflict = null;
      try {
        secondStatement.execute("CREATE TABLE contested (x INTEGER)");
        first.commit();
        second.commit();
      } catch (SQLException e) {
        conflict = e;
      }
      assertThat((Object) conflict).isNotNull();
      assertThat(TransientStoreErrors.isTransactionConflict(conflict))
          .as(conflict.getMessage())
          .isTrue();
      first.rollback();
      second.rollback();
      first.setAutoCommit(true);
      second.setAutoCommit(true);
    }
  }
}
