package io.tablewave.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ExplanationTest {
  private final Batch batch = new Batch();
  private final TestCatalog catalog =
      new TestCatalog().table("CUSTOMERS").table("ORDERS").topic("orders", "clicks");

  @Test
  void acceptedBatchHasOneRowPerStatementWithoutProblems() {
    batch.orReplace("ORDERS").topics("orders");
    batch.create("REPORT", "ORDERS", "CUSTOMERS").dependsOn("CLICKS");
    batch.create("CLICKS").topics("orders", "clicks");
    batch.ifNotExists("CUSTOMERS");

    List<ExplainRow> rows = explain();

    assertThat(rows)
        .containsExactly(
            new ExplainRow(0, "ORDERS", "REPLACE", 1, null, "orders", null),
            new ExplainRow(1, "REPORT", "CREATE", 2, "CLICKS, CUSTOMERS, ORDERS", null, null),
            new ExplainRow(2, "CLICKS", "CREATE", 1, null, "clicks, orders", null),
            new ExplainRow(3, "CUSTOMERS", "KEEP_EXISTING", 0, null, null, null));
  }

  @Test
  void rejectedBatchStillExplainsEveryStatement() {
    batch.create("A", "B");
    batch.create("B", "A");
    batch.create("C", "GONE");
    batch.create("C");
    batch.create("D", "C");

    List<ExplainRow> rows = explain();

    assertThat(rows).hasSize(5);
    assertThat(rows).extracting(ExplainRow::wave).containsExactly(null, null, 1, 1, 2);
    assertThat(rows.get(0).problem()).contains("circular dependency: A -> B -> A");
    assertThat(rows.get(1).problem()).contains("circular dependency: A -> B -> A");
    assertThat(rows.get(2).problem()).contains("table C depends on missing table GONE");
    assertThat(rows.get(3).problem()).contains("table C is created twice in this batch");
    assertThat(rows.get(4).problem()).isNull();
    assertThat(rows.get(4).dependsOn()).isEqualTo("C");
  }

  @Test
  void columnsAreTheOnesOfTheSpecification() {
    assertThat(Explanation.COLUMNS)
        .containsExactly(
            "STATEMENT_INDEX", "TABLE_NAME", "ACTION", "WAVE", "DEPENDS_ON", "SOURCES", "PROBLEM");
  }

  private List<ExplainRow> explain() {
    BatchPlan plan = new BatchPlanner().plan(batch.inputs(), catalog);
    assertThat(Explanation.rows(plan)).isEqualTo(plan.explain());
    return plan.explain();
  }
}
