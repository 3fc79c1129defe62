package io.tablewave.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.junit.jupiter.api.Test;

class DependencyExtractorTest {
  private final SqlScriptParser parser = new SqlScriptParser();
  private final DependencyExtractor extractor = new DependencyExtractor();

  private SqlNode query(String sql) {
    final ParsedStatement statement = parser.parse(sql).get(0);
    if (statement instanceof CreateTableAs ctas) {
      return ctas.query();
    }
    return ((QueryStatement) statement).query();
  }

  private Dependencies deps(String sql) {
    return extractor.extract(query(sql));
  }

  private static List<String> names(Dependencies dependencies) {
    return dependencies.tables().stream().map(TableName::name).toList();
  }

  @Test
  void fromAndJoins() {
    final Dependencies d =
        deps("SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN public.c USING (x), d");
    assertThat(names(d)).containsExactly("A", "B", "C", "D");
    assertThat(d.topics()).isEmpty();
    assertThat(d.systemTables()).isEmpty();
  }

  @Test
  void columnsAreNotTables() {
    assertThat(names(deps("SELECT a.x, y, z.w FROM a WHERE y IN (1, 2) GROUP BY a.x, y, z.w")))
        .containsExactly("A");
  }

  @Test
  void subqueriesAnywhere() {
    final Dependencies d =
        deps(
            "SELECT (SELECT max(v) FROM s1) AS m, x FROM a "
                + "WHERE x IN (SELECT x FROM s2) AND EXISTS (SELECT 1 FROM s3 WHERE s3.x = a.x) "
                + "AND x > (SELECT min(x) FROM s4) GROUP BY x HAVING count(*) > (SELECT count(*) FROM s5)");
    assertThat(names(d)).containsExactlyInAnyOrder("A", "S1", "S2", "S3", "S4", "S5");
  }

  @Test
  void subqueryInWhere() {
    assertThat(names(deps("SELECT * FROM orders WHERE customer_id NOT IN (SELECT id FROM banned)")))
        .containsExactly("ORDERS", "BANNED");
  }

  @Test
  void setOperations() {
    assertThat(
            names(
                deps(
                    "SELECT x FROM a UNION ALL SELECT x FROM b INTERSECT SELECT x FROM c EXCEPT SELECT x FROM d")))
        .containsExactlyInAnyOrder("A", "B", "C", "D");
  }

  @Test
  void unionInCtas() {
    assertThat(
            names(deps("CREATE TABLE u AS SELECT id FROM t1 UNION SELECT id FROM t2 ORDER BY id")))
        .containsExactly("T1", "T2");
  }

  @Test
  void derivedTablesAndLateral() {
    assertThat(
            names(
                deps(
                    "SELECT * FROM (SELECT * FROM a) AS s, LATERAL (SELECT * FROM b WHERE b.x = s.x) AS l")))
        .containsExactly("A", "B");
  }

  @Test
  void cteNamesAreNotDependenciesButTheirBodiesAre() {
    final Dependencies d =
        deps(
            "WITH x AS (SELECT * FROM base), y AS (SELECT * FROM x JOIN other USING (k)) "
                + "SELECT * FROM y JOIN x USING (k)");
    assertThat(names(d)).containsExactly("BASE", "OTHER");
  }

  @Test
  void cteShadowsATableOnlyInsideItsWith() {
    final Dependencies d =
        deps(
            "SELECT * FROM (WITH orders AS (SELECT * FROM raw) SELECT * FROM orders) s "
                + "JOIN orders o ON s.id = o.id");
    assertThat(names(d)).containsExactly("RAW", "ORDERS");
  }

  @Test
  void cteDoesNotSeeItselfButLaterCtesSeeIt() {
    // the body of the CTE "orders" reads the real table ORDERS
    assertThat(names(deps("WITH orders AS (SELECT * FROM orders WHERE ok) SELECT * FROM orders")))
        .containsExactly("ORDERS");
  }

  @Test
  void qualifiedNameIsNotACte() {
    assertThat(names(deps("WITH t AS (SELECT 1 AS a) SELECT * FROM t, public.t")))
        .containsExactly("T");
  }

  @Test
  void nestedCteInSubquery() {
    assertThat(
            names(deps("SELECT * FROM a WHERE x IN (WITH c AS (SELECT x FROM b) SELECT x FROM c)")))
        .containsExactly("A", "B");
  }

  @Test
  void publicAndUnqualifiedAreTheSameTable() {
    assertThat(
            names(
                deps(
                    "SELECT * FROM orders JOIN PUBLIC.orders p ON true JOIN public.\"ORDERS\" q ON true")))
        .containsExactly("ORDERS");
  }

  @Test
  void quotedNamesKeepCase() {
    assertThat(names(deps("SELECT * FROM \"Orders\""))).containsExactly("Orders");
  }

  @Test
  void kafkaTopicsInAllForms() {
    final Dependencies d =
        deps(
            "SELECT * FROM kafka://orders o JOIN 'kafka://customers' c ON o.c = c.id "
                + "JOIN KAFKA.\"Payments\" p ON p.o = o.id JOIN dim ON true");
    assertThat(d.topics()).containsExactly("orders", "customers", "Payments");
    assertThat(names(d)).containsExactly("DIM");
  }

  @Test
  void systemTables() {
    final Dependencies d =
        deps("SELECT * FROM SYS.TABLES t JOIN information_schema.columns c ON true");
    assertThat(d.systemTables())
        .containsExactly(List.of("SYS", "TABLES"), List.of("INFORMATION_SCHEMA", "COLUMNS"));
    assertThat(d.tables()).isEmpty();
  }

  @Test
  void unknownSchemaIsAnError() {
    assertThatThrownBy(() -> deps("SELECT * FROM foo.bar"))
        .isInstanceOfSatisfying(
            TablewaveException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo(ErrorCode.MISSING_TABLE);
              assertThat(e.getMessage())
                  .contains("Unknown schema 'FOO'")
                  .contains("line 1, column 15");
            });
    assertThatThrownBy(() -> deps("SELECT * FROM a.b.c"))
        .isInstanceOf(TablewaveException.class)
        .hasMessageContaining("too many qualifiers");
  }

  @Test
  void explicitTableAndValues() {
    assertThat(names(deps("TABLE t"))).containsExactly("T");
    assertThat(deps("VALUES (1, 2)").tables()).isEmpty();
  }

  @Test
  void scalarSubqueryInSelectListAndCase() {
    assertThat(names(deps("SELECT CASE WHEN x > 0 THEN (SELECT 1 FROM p) ELSE 0 END FROM q")))
        .containsExactly("Q", "P");
  }

  @Test
  void tablesInJoinConditionSubquery() {
    assertThat(names(deps("SELECT * FROM a JOIN b ON a.x = b.x AND b.y IN (SELECT y FROM c)")))
        .containsExactly("A", "B", "C");
  }

  @Test
  void ctasWithCteQueryAndTrailingProperties() {
    assertThat(
            names(
                deps(
                    "CREATE TABLE r AS WITH k AS (SELECT * FROM kafka://events) "
                        + "SELECT * FROM k JOIN users u ON k.u = u.id WITH ('format' = 'json')")))
        .containsExactly("USERS");
  }
}
