package io.tablewave.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every query of a batch is validated at planning against the columns its inputs will have. */
class BatchValidationTest {
  private static final Column AMOUNT = Column.of("amount", ColumnType.BIGINT);
  private static final Column CATEGORY = Column.of("category", ColumnType.VARCHAR);

  private final TestCatalog catalog =
      new TestCatalog()
          .tableWithColumns(
              "CUSTOMERS",
              Column.of("ID", ColumnType.INTEGER),
              Column.of("NAME", ColumnType.VARCHAR))
          .tableWithColumns(
              "ORDERS",
              Column.of("ID", ColumnType.INTEGER),
              Column.of("CUSTOMER_ID", ColumnType.INTEGER),
              Column.of("TOTAL", ColumnType.DOUBLE))
          .topicWithColumns("payments", AMOUNT, CATEGORY, Column.of("_offset", ColumnType.BIGINT));

  private BatchPlan plan(String script) {
    return new BatchPlanner().plan(Script.inputs(script), catalog);
  }

  private static PlanProblem onlyProblem(BatchPlan plan) {
    assertThat(plan.problems()).hasSize(1);
    return plan.problems().get(0);
  }

  @Test
  void anUnknownColumnOfATableOfTheSameBatchRejectsTheBatchNamingStatementPositionAndNearName() {
    String script =
        "CREATE TABLE a2 AS SELECT 1 AS x1 FROM (VALUES (0)) t(v);\n"
            + "CREATE TABLE b2 AS SELECT x1, x2 FROM a2";

    BatchPlan plan = plan(script);

    PlanProblem problem = onlyProblem(plan);
    assertThat(problem.code()).isEqualTo(ErrorCode.INVALID_QUERY);
    assertThat(problem.statementIndex()).isEqualTo(1);
    assertThat(problem.message())
        .startsWith("table B2 (statement 2, " + Script.position(script, 2, "x2") + "): ")
        .contains("Column 'X2' not found in any table")
        .endsWith("; did you mean \"X1\"?");
    assertThat(plan.problemOf(1)).contains(problem.message());
    assertThat(plan.problemOf(0)).isEmpty();
    assertThatThrownBy(plan::throwIfRejected)
        .isInstanceOfSatisfying(
            TablewaveException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_QUERY))
        .hasMessage(problem.message());
  }

  @Test
  void anUnknownColumnOfARegisteredTableIsFoundWithTheColumnsItHasNow() {
    String script = "CREATE TABLE big AS\n  SELECT o.id, o.totl FROM orders o WHERE o.total > 100";

    PlanProblem problem = onlyProblem(plan(script));

    assertThat(problem.message())
        .startsWith("table BIG (statement 1, " + Script.position(script, 2, "totl") + "): ")
        .contains("Column 'TOTL' not found in table 'O'")
        .endsWith("; did you mean \"TOTAL\"?");
  }

  @Test
  void anUnknownColumnOfAKafkaTopicIsFoundWithTheColumnsInferredForItsLoad() {
    String script =
        "CREATE TABLE spend AS SELECT category, SUM(amout) AS total FROM kafka://payments GROUP BY category";

    PlanProblem problem = onlyProblem(plan(script));

    assertThat(problem.message())
        .contains(Script.position(script, 1, "amout"))
        .contains("Column 'AMOUT' not found in any table")
        .endsWith("; did you mean \"amount\"?");
    assertThat(catalog.topicSamples()).containsExactly("payments");
  }

  @Test
  void sumOverTextIsATypeErrorNotAnImplicitCast() {
    String script = "CREATE TABLE sums AS SELECT SUM(category) AS s FROM kafka://payments";

    PlanProblem problem = onlyProblem(plan(script));

    assertThat(problem.message())
        .contains(Script.position(script, 1, "SUM("))
        .contains("Cannot apply 'SUM' to arguments of type 'SUM(<VARCHAR>)'");
  }

  @Test
  void anAmbiguousColumnInAJoinNamesTheTablesThatHaveIt() {
    String script =
        "CREATE TABLE joined AS SELECT id, name FROM customers c JOIN orders o ON c.id = o.customer_id";

    PlanProblem problem = onlyProblem(plan(script));

    assertThat(problem.message())
        .contains(Script.position(script, 1, "id,"))
        .contains("Column 'ID' is ambiguous")
        .endsWith("qualify it with the name or alias of its table: C or O");
  }

  @Test
  void anUnknownFunctionSuggestsTheNearestKnownOne() {
    PlanProblem problem =
        onlyProblem(plan("CREATE TABLE shout AS SELECT UPER(name) AS n FROM customers"));

    assertThat(problem.message())
        .contains("No match found for function signature UPER(<CHARACTER>)")
        .endsWith("; did you mean \"UPPER\"?");
  }

  @Test
  void twoResultColumnsOfOneNameAreRejectedAlsoWhenAStarListsThem() {
    String script =
        "CREATE TABLE pairs AS SELECT c.id, o.id FROM customers c JOIN orders o ON c.id = o.customer_id;\n"
            + "CREATE TABLE star AS SELECT * FROM customers c JOIN orders o ON c.id = o.customer_id;\n"
            + "CREATE TABLE renamed AS SELECT c.id, o.id AS order_id FROM customers c JOIN orders o ON c.id = o.customer_id";

    BatchPlan plan = plan(script);

    assertThat(plan.problems()).extracting(PlanProblem::statementIndex).containsExactly(0, 1);
    assertThat(plan.problemOf(0).orElseThrow())
        .contains(Script.position(script, 1, "o.id"))
        .contains("columns 1 and 2 of the result are both named \"ID\"");
    assertThat(plan.problemOf(1).orElseThrow())
        .contains("columns 1 and 3 of the result are both named \"ID\"");
    assertThat(plan.columnsOf(2).orElseThrow())
        .extracting(Column::name)
        .containsExactly("ID", "ORDER_ID");
  }

  @Test
  void aResultColumnWithAnEmptyNameIsRejected() {
    PlanProblem problem =
        onlyProblem(plan("CREATE TABLE blank AS SELECT 1 AS \" \" FROM customers"));

    assertThat(problem.message()).contains("column 1 of the result has an empty name");
  }

  @Test
  void everyQueryOfTheBatchIsCheckedAndEveryProblemReported() {
    String script =
        "CREATE TABLE first_bad AS SELECT nme FROM customers;\n"
            + "CREATE TABLE fine AS SELECT name FROM customers;\n"
            + "CREATE TABLE second_bad AS SELECT SUM(name) AS s FROM customers;\n"
            + "CREATE TABLE third_bad AS SELECT id FROM customers, orders";

    BatchPlan plan = plan(script);

    assertThat(plan.problems()).extracting(PlanProblem::statementIndex).containsExactly(0, 2, 3);
    assertThat(plan.problems()).extracting(PlanProblem::code).containsOnly(ErrorCode.INVALID_QUERY);
    assertThat(plan.explain())
        .extracting(ExplainRow::problem)
        .satisfiesExactly(
            p -> assertThat(p).contains("line 1", "'NME'", "did you mean \"NAME\"?"),
            p -> assertThat(p).isNull(),
            p -> assertThat(p).contains("line 3", "Cannot apply 'SUM'"),
            p -> assertThat(p).contains("line 4", "Column 'ID' is ambiguous"));
  }

  @Test
  void aTableOfTheBatchIsReadWithTheColumnsDerivedFromItsQueryInDependencyOrder() {
    BatchPlan plan =
        plan(
            "CREATE TABLE report AS SELECT category, SUM(total) AS total FROM by_category"
                + " GROUP BY category;\n"
                + "CREATE TABLE by_category AS SELECT category, amount * 2 AS total FROM staged WHERE amount > 0;\n"
                + "CREATE TABLE staged AS SELECT * FROM kafka://payments");

    assertThat(plan.problems()).isEmpty();
    assertThat(plan.columnsOf(2).orElseThrow())
        .extracting(Column::name)
        .containsExactly("amount", "category", "_offset");
    assertThat(plan.topicColumnsOf(2)).containsOnlyKeys("payments");
    assertThat(plan.topicColumnsOf(2).get("payments"))
        .extracting(Column::name)
        .containsExactly("amount", "category", "_offset");
    assertThat(plan.columnsOf(1).orElseThrow())
        .extracting(Column::name, Column::type)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CATEGORY", ColumnType.VARCHAR),
            org.assertj.core.groups.Tuple.tuple("TOTAL", ColumnType.BIGINT));
    assertThat(plan.columnsOf(0).orElseThrow())
        .extracting(Column::name)
        .containsExactly("CATEGORY", "TOTAL");
  }

  @Test
  void aReaderOfATableWhoseQueryFailedIsNotReportedAsWell() {
    BatchPlan plan =
        plan(
            "CREATE TABLE a AS SELECT nosuch FROM customers;\nCREATE TABLE b AS SELECT nosuch FROM a");

    assertThat(plan.problems()).extracting(PlanProblem::statementIndex).containsExactly(0);
    assertThat(plan.columnsOf(1)).isEmpty();
  }

  @Test
  void aQueryReadingATableStillLoadingElsewhereIsLeftToItsLoad() {
    catalog.loading("RATES");

    BatchPlan plan =
        plan(
            "CREATE TABLE a AS SELECT anything FROM rates;\nCREATE TABLE b AS SELECT whatever FROM a");

    assertThat(plan.problems()).isEmpty();
    assertThat(plan.columnsOf(0)).isEmpty();
    assertThat(plan.columnsOf(1)).isEmpty();
  }

  @Test
  void aReplacedTableReadingItselfReadsItsRegisteredColumnsAndItsReadersTheNewOnes() {
    BatchPlan plan =
        plan(
            "CREATE OR REPLACE TABLE customers AS SELECT id, UPPER(name) AS shout FROM customers;\n"
                + "CREATE TABLE loud AS SELECT shout FROM customers;\n"
                + "CREATE TABLE quiet AS SELECT name FROM customers");

    assertThat(plan.problems()).extracting(PlanProblem::statementIndex).containsExactly(2);
    assertThat(plan.problemOf(2).orElseThrow()).contains("Column 'NAME' not found in any table");
  }

  @Test
  void aKeptTableIsReadWithItsRegisteredColumnsAndItsOwnQueryIsNotChecked() {
    BatchPlan plan =
        plan(
            "CREATE TABLE IF NOT EXISTS customers AS SELECT nosuch FROM orders;\n"
                + "CREATE TABLE names AS SELECT name FROM customers");

    assertThat(plan.problems()).isEmpty();
    assertThat(plan.columnsOf(1).orElseThrow()).extracting(Column::name).containsExactly("NAME");
  }

  @Test
  void aTopicThatDoesNotExistIsReportedOnceAndItsQueryNotChecked() {
    BatchPlan plan = plan("CREATE TABLE t AS SELECT nosuch FROM kafka://nowhere");

    assertThat(plan.problems())
        .extracting(PlanProblem::code)
        .containsExactly(ErrorCode.MISSING_TOPIC);
    assertThat(catalog.topicSamples()).isEmpty();
  }

  @Test
  void columnsAndTopicsOfAValidQueryAreWhatTheLoadGets() {
    BatchPlan plan =
        plan(
            "CREATE TABLE typed AS SELECT CAST(amount AS DECIMAL(12, 2)) AS amount, category,"
                + " CAST(_offset AS INTEGER) AS o, CURRENT_DATE AS d FROM kafka://payments");

    assertThat(plan.columnsOf(0).orElseThrow())
        .containsExactly(
            new Column("AMOUNT", ColumnType.DECIMAL, 12, 2, true),
            Column.of("CATEGORY", ColumnType.VARCHAR),
            new Column("O", ColumnType.INTEGER, 0, 0, true),
            new Column("D", ColumnType.DATE, 0, 0, false));
    assertThat(plan.topicColumnsOf(0))
        .isEqualTo(
            java.util.Map.of(
                "payments", List.of(AMOUNT, CATEGORY, Column.of("_offset", ColumnType.BIGINT))));
  }
}
