package io.tablewave.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.junit.jupiter.api.Test;

class TableReferenceRewriterTest {
  private final SqlScriptParser parser = new SqlScriptParser();
  private final TableReferenceRewriter rewriter = new TableReferenceRewriter();

  private SqlNode query(String sql) {
    return ((QueryStatement) parser.parse(sql).get(0)).query();
  }

  private static String sql(SqlNode node) {
    return node.toSqlString(PostgresqlSqlDialect.DEFAULT).getSql().replaceAll("\\s+", " ");
  }

  private static List<String> physical(TableName table) {
    return List.of("main", table.name() + "__b7");
  }

  @Test
  void aliasIsKept() {
    final SqlNode rewritten =
        rewriter.rewrite(query("SELECT o.id FROM orders o"), TableReferenceRewriterTest::physical);
    assertThat(sql(rewritten))
        .isEqualTo("SELECT \"O\".\"ID\" FROM \"main\".\"ORDERS__b7\" AS \"O\"");
  }

  @Test
  void unaliasedTableGetsItsNameAsAlias() {
    final SqlNode rewritten =
        rewriter.rewrite(
            query("SELECT orders.id FROM orders JOIN public.items ON true"),
            TableReferenceRewriterTest::physical);
    assertThat(sql(rewritten))
        .isEqualTo(
            "SELECT \"ORDERS\".\"ID\" FROM \"main\".\"ORDERS__b7\" AS \"ORDERS\" "
                + "INNER JOIN \"main\".\"ITEMS__b7\" AS \"ITEMS\" ON TRUE");
  }

  @Test
  void subqueriesCteAndKafkaAndSystemTables() {
    final SqlNode original =
        query(
            "WITH c AS (SELECT * FROM base) SELECT * FROM c "
                + "JOIN kafka://events e ON true JOIN SYS.TABLES s ON true "
                + "WHERE x IN (SELECT x FROM other)");
    final SqlNode rewritten = rewriter.rewrite(original, TableReferenceRewriterTest::physical);
    assertThat(sql(rewritten))
        .contains("FROM \"main\".\"BASE__b7\" AS \"BASE\"")
        .contains("FROM \"C\"")
        .contains("\"KAFKA\".\"events\" AS \"E\"")
        .contains("\"SYS\".\"TABLES\" AS \"S\"")
        .contains("FROM \"main\".\"OTHER__b7\" AS \"OTHER\"");
  }

  @Test
  void originalIsNotChangedAndCopyIsDeep() {
    final SqlNode original = query("SELECT a.x FROM a WHERE a.y = 1");
    final String before = sql(original);
    final SqlNode rewritten = rewriter.rewrite(original, TableReferenceRewriterTest::physical);
    assertThat(sql(original)).isEqualTo(before);
    assertThat(rewritten).isNotSameAs(original);
    final org.apache.calcite.sql.SqlSelect copy = (org.apache.calcite.sql.SqlSelect) rewritten;
    final org.apache.calcite.sql.SqlSelect orig = (org.apache.calcite.sql.SqlSelect) original;
    assertThat(copy.getSelectList().get(0)).isNotSameAs(orig.getSelectList().get(0));
    assertThat(copy.getWhere()).isNotSameAs(orig.getWhere());
  }

  @Test
  void unionAndDerivedTable() {
    final SqlNode rewritten =
        rewriter.rewrite(
            query("SELECT * FROM (SELECT x FROM a UNION SELECT x FROM b) t"),
            TableReferenceRewriterTest::physical);
    assertThat(sql(rewritten))
        .contains("\"main\".\"A__b7\" AS \"A\"")
        .contains("\"main\".\"B__b7\" AS \"B\"");
  }
}
