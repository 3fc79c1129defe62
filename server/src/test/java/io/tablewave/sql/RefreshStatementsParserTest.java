package io.tablewave.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** REFRESH and ALTER TABLE ... SET in Tablewave's grammar. */
class RefreshStatementsParserTest {
  private final SqlScriptParser parser = new SqlScriptParser();

  private RefreshTables refresh(String sql) {
    List<ParsedStatement> statements = parser.parse(sql);
    assertThat(statements).hasSize(1);
    return assertThat(statements.get(0)).asInstanceOf(type(RefreshTables.class)).actual();
  }

  @Test
  void refreshNamesTablesInOrder() {
    RefreshTables refresh = refresh("refresh table orders, PUBLIC.\"Daily\" , totals");
    assertThat(refresh.tables())
        .extracting(TableName::name)
        .containsExactly("ORDERS", "Daily", "TOTALS");
    assertThat(refresh.all()).isFalse();
    assertThat(refresh.full()).isFalse();
    assertThat(refresh.sqlText()).isEqualTo("refresh table orders, PUBLIC.\"Daily\" , totals");
  }

  @Test
  void refreshFullAndAll() {
    assertThat(refresh("REFRESH TABLE t FULL").full()).isTrue();
    RefreshTables all = refresh("REFRESH ALL");
    assertThat(all.all()).isTrue();
    assertThat(all.tables()).isEmpty();
    assertThat(refresh("REFRESH ALL FULL").full()).isTrue();
  }

  @Test
  void refreshIsNotReservedAsAnIdentifier() {
    assertThat(parser.parse("SELECT refresh FROM t").get(0)).isInstanceOf(QueryStatement.class);
  }

  @Test
  void refreshNamingATableTwiceIsRejected() {
    assertThatThrownBy(() -> parser.parse("REFRESH TABLE a, b, A"))
        .isInstanceOf(TablewaveException.class)
        .hasMessageContaining("twice")
        .hasMessageContaining("line 1, column 21");
  }

  @Test
  void refreshWithoutATableIsASyntaxError() {
    assertThatThrownBy(() -> parser.parse("REFRESH TABLE"))
        .isInstanceOfSatisfying(
            TablewaveException.class,
            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR));
  }

  @Test
  void refreshMixesWithCtasInAScriptAndABlock() {
    List<ParsedStatement> statements =
        parser.parse(
            "CREATE TABLE a AS SELECT 1 AS x; REFRESH TABLE b; BEGIN REFRESH ALL FULL; CREATE TABLE c AS SELECT 2 AS y; END");
    assertThat(statements).hasSize(3);
    assertThat(statements.get(1)).isInstanceOf(RefreshTables.class);
    assertThat(((StatementBlock) statements.get(2)).statements())
        .hasSize(2)
        .first()
        .isInstanceOf(RefreshTables.class);
  }

  @Test
  void explainRefreshTakesTheFollowingBatchStatements() {
    List<ParsedStatement> statements =
        parser.parse(
            "EXPLAIN REFRESH TABLE a FULL; CREATE TABLE b AS SELECT * FROM a; REFRESH TABLE c; SELECT 1");
    assertThat(statements).hasSize(2);
    ExplainBatch explain = (ExplainBatch) statements.get(0);
    assertThat(explain.items()).hasSize(3);
    assertThat(explain.items().get(0))
        .isInstanceOfSatisfying(
            RefreshTables.class,
            r -> {
              assertThat(r.full()).isTrue();
              assertThat(r.sqlText()).isEqualTo("REFRESH TABLE a FULL");
            });
    assertThat(explain.statements()).extracting(s -> s.table().name()).containsExactly("B");
    assertThat(explain.items().get(2)).isInstanceOf(RefreshTables.class);
  }

  @Test
  void explainCreateTakesAFollowingRefresh() {
    ExplainBatch explain =
        (ExplainBatch) parser.parse("EXPLAIN CREATE TABLE a AS SELECT 1 AS x; REFRESH ALL").get(0);
    assertThat(explain.items()).hasSize(2);
  }

  @Test
  void alterTableSet() {
    ParsedStatement statement =
        parser
            .parse("ALTER TABLE orders SET ('refresh.interval' = 'off', 'owner' = 'a''b')")
            .get(0);
    assertThat(statement)
        .isInstanceOfSatisfying(
            AlterTableSet.class,
            alter -> {
              assertThat(alter.table().name()).isEqualTo("ORDERS");
              assertThat(alter.properties())
                  .containsExactly(Map.entry("refresh.interval", "off"), Map.entry("owner", "a'b"));
            });
  }

  @Test
  void alterTableSetGivingAPropertyTwiceIsRejected() {
    assertThatThrownBy(() -> parser.parse("ALTER TABLE t SET ('a' = '1', 'a' = '2')"))
        .hasMessageContaining("'a'")
        .hasMessageContaining("twice");
  }

  @Test
  void alterSystemKeepsCalcitesMeaning() {
    assertThat(parser.parse("ALTER SESSION SET batch_timeout = '5s'").get(0))
        .isInstanceOf(SessionSetting.class);
  }
}
