package io.tablewave.execute;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.store.Store;
import io.tablewave.store.StoreFactory;
import io.tablewave.store.StoreSettings;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows kept in memory within a budget, and in a table of a real DuckDB store past it. */
class SpillingRowsTest {
  private static final List<Column> COLUMNS =
      List.of(Column.of("id", ColumnType.BIGINT), Column.of("name", ColumnType.VARCHAR));

  @TempDir Path dataDir;
  private Store store;

  @BeforeEach
  void open() {
    store = StoreFactory.open(StoreSettings.defaults(dataDir));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void rowsWithinTheBudgetStayInMemoryAndCostNoTable() {
    Object[] row = {1L, "one"};
    try (SpillingRows rows = new SpillingRows(store, "spill_kept", COLUMNS, 1 << 20)) {
      rows.accept(row);
      row[0] = 2L;
      row[1] = "two";
      rows.accept(row);
      rows.finish();
      assertThat(rows.spilled()).isFalse();
      assertThat(rows.rowsWritten()).isEqualTo(2);
      assertThat(rows.kept())
          .as("each row copied, as a sink must when its caller reuses the array")
          .containsExactly(new Object[] {1L, "one"}, new Object[] {2L, "two"});
    }
    assertThat(store.listDataTables()).doesNotContain("spill_kept");
  }

  @Test
  void rowsPastTheBudgetGoToTheTableAllOfThem() {
    long budget = 20 * SpillingRows.estimatedBytes(new Object[] {0L, "name-0"});
    try (SpillingRows rows = new SpillingRows(store, "spill_over", COLUMNS, budget)) {
      for (long i = 0; i < 1_000; i++) {
        rows.accept(new Object[] {i, "name-" + i});
        if (i == 10) {
          assertThat(rows.spilled()).as("ten rows fit the budget").isFalse();
        }
      }
      rows.finish();
      assertThat(rows.spilled()).isTrue();
      assertThat(rows.kept()).isEmpty();
      assertThat(rows.rowsWritten()).isEqualTo(1_000);
    }
    assertThat(store.rowCount("spill_over")).isEqualTo(1_000);
  }

  @Test
  void aBudgetOfNothingWritesEveryRowToTheTable() {
    try (SpillingRows rows = new SpillingRows(store, "spill_all", COLUMNS, 0)) {
      assertThat(rows.spilled()).isTrue();
      rows.accept(new Object[] {1L, "one"});
      rows.finish();
    }
    assertThat(store.rowCount("spill_all")).isEqualTo(1);
  }

  @Test
  void spilledRowsNotFinishedLeaveNoTable() {
    try (SpillingRows rows = new SpillingRows(store, "spill_abandoned", COLUMNS, 100)) {
      for (long i = 0; i < 100; i++) {
        rows.accept(new Object[] {i, "name-" + i});
      }
      assertThat(rows.spilled()).isTrue();
    }
    assertThat(store.listDataTables()).doesNotContain("spill_abandoned");
  }
}
