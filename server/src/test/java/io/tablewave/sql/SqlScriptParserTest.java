package io.tablewave.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.junit.jupiter.api.Test;

class SqlScriptParserTest {
  private final SqlScriptParser parser = new SqlScriptParser();

  private CreateTableAs onlyCtas(String sql) {
    final List<ParsedStatement> statements = parser.parse(sql);
    assertThat(statements).hasSize(1);
    return assertThat(statements.get(0)).asInstanceOf(type(CreateTableAs.class)).actual();
  }

  private static SqlIdentifier fromTable(SqlNode query) {
    SqlNode node = query;
    if (node instanceof SqlWith with) {
      node = with.body;
    }
    final SqlNode from = ((SqlSelect) node).getFrom();
    return (SqlIdentifier) from;
  }

  private TablewaveException failure(String sql) {
    try {
      parser.parse(sql);
    } catch (TablewaveException e) {
      return e;
    }
    throw new AssertionError("expected a failure for: " + sql);
  }

  @Test
  void simpleCtas() {
    final CreateTableAs ctas = onlyCtas("CREATE TABLE orders AS SELECT * FROM raw_orders");
    assertThat(ctas.table().name()).isEqualTo("ORDERS");
    assertThat(ctas.orReplace()).isFalse();
    assertThat(ctas.ifNotExists()).isFalse();
    assertThat(ctas.properties()).isEmpty();
    assertThat(ctas.sqlText()).isEqualTo("CREATE TABLE orders AS SELECT * FROM raw_orders");
    assertThat(ctas.line()).isEqualTo(1);
    assertThat(ctas.column()).isEqualTo(1);
    assertThat(fromTable(ctas.query()).names).containsExactly("RAW_ORDERS");
  }

  @Test
  void ctasWithAllOptionsAndBothWithClauses() {
    final CreateTableAs ctas =
        onlyCtas(
            "create or replace table if not exists \"Mixed\" "
                + "with ('format' = 'json', 'b' = '2') as select 1 as x with ('retention' = '7d')");
    assertThat(ctas.table().name()).isEqualTo("Mixed");
    assertThat(ctas.orReplace()).isTrue();
    assertThat(ctas.ifNotExists()).isTrue();
    assertThat(ctas.properties())
        .containsExactly(
            Map.entry("format", "json"), Map.entry("b", "2"), Map.entry("retention", "7d"));
  }

  @Test
  void ctasNameForms() {
    assertThat(onlyCtas("CREATE TABLE name AS SELECT 1").table().name()).isEqualTo("NAME");
    assertThat(onlyCtas("CREATE TABLE \"Name\" AS SELECT 1").table().name()).isEqualTo("Name");
    assertThat(onlyCtas("CREATE TABLE PUBLIC.name AS SELECT 1").table().name()).isEqualTo("NAME");
    assertThat(onlyCtas("CREATE TABLE public.\"Name\" AS SELECT 1").table().name())
        .isEqualTo("Name");
  }

  @Test
  void ctasInOtherSchemaIsRefused() {
    final TablewaveException e = failure("CREATE TABLE kafka.t AS SELECT 1");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT);
    assertThat(e.getMessage()).contains("PUBLIC").contains("KAFKA.T");
  }

  @Test
  void ctasWhoseQueryIsACte() {
    final CreateTableAs ctas =
        onlyCtas("CREATE TABLE t AS WITH x AS (SELECT 1 AS a FROM src) SELECT a FROM x");
    assertThat(ctas.query()).isInstanceOf(SqlWith.class);
    assertThat(ctas.properties()).isEmpty();
  }

  @Test
  void ctasWhoseQueryIsACteFollowedByProperties() {
    final CreateTableAs ctas =
        onlyCtas(
            "CREATE TABLE t WITH ('a' = '1') AS WITH x AS (SELECT 1 AS a) SELECT a FROM x WITH ('b' = '2')");
    assertThat(ctas.query()).isInstanceOf(SqlWith.class);
    assertThat(ctas.properties()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
  }

  @Test
  void trailingPropertiesAfterOrderByAndLimit() {
    final CreateTableAs ctas =
        onlyCtas(
            "CREATE TABLE t AS SELECT a FROM s ORDER BY a LIMIT 5 WITH ('depends_on' = 'x, y')");
    assertThat(ctas.query().getKind()).isEqualTo(SqlKind.ORDER_BY);
    assertThat(ctas.properties()).containsExactly(Map.entry("depends_on", "x, y"));
  }

  @Test
  void duplicatePropertyIsAnError() {
    final TablewaveException e =
        failure("CREATE TABLE t WITH ('format' = 'json') AS SELECT 1 WITH ('format' = 'csv')");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PROPERTY);
    assertThat(e.getMessage()).contains("'format'").contains("twice");
  }

  @Test
  void threeKafkaFormsGiveTheSameIdentifier() {
    final SqlIdentifier bare =
        fromTable(onlyCtas("CREATE TABLE a AS SELECT * FROM kafka://orders-v2.eu_1").query());
    final SqlIdentifier quoted =
        fromTable(onlyCtas("CREATE TABLE a AS SELECT * FROM 'kafka://orders-v2.eu_1'").query());
    final SqlIdentifier schema =
        fromTable(onlyCtas("CREATE TABLE a AS SELECT * FROM KAFKA.\"orders-v2.eu_1\"").query());
    assertThat(bare.names).containsExactly("KAFKA", "orders-v2.eu_1");
    assertThat(quoted.names).isEqualTo(bare.names);
    assertThat(schema.names).isEqualTo(bare.names);
  }

  @Test
  void kafkaFormsKeepTopicCaseAndAcceptUpperCasePrefix() {
    assertThat(fromTable(onlyCtas("CREATE TABLE a AS SELECT * FROM KAFKA://Orders").query()).names)
        .containsExactly("KAFKA", "Orders");
    assertThat(
            fromTable(onlyCtas("CREATE TABLE a AS SELECT * FROM 'Kafka://Orders'").query()).names)
        .containsExactly("KAFKA", "Orders");
  }

  @Test
  void kafkaSourcesInJoinsWithAliasesAndInPlainSelect() {
    final List<ParsedStatement> statements =
        parser.parse(
            "SELECT o.id FROM kafka://orders o JOIN 'kafka://customers' AS c ON o.cid = c.id");
    assertThat(statements).singleElement().isInstanceOf(QueryStatement.class);
    final SqlSelect select = (SqlSelect) ((QueryStatement) statements.get(0)).query();
    assertThat(select.getFrom().toString())
        .contains("`KAFKA`.`orders` AS `O`")
        .contains("`KAFKA`.`customers` AS `C`");
  }

  @Test
  void stringInTablePositionMustBeKafka() {
    final TablewaveException e = failure("SELECT * FROM 'orders'");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(e.getMessage())
        .startsWith("Syntax error at line 1, column 15:")
        .contains("kafka://");
  }

  @Test
  void dropTable() {
    assertThat(parser.parse("DROP TABLE t"))
        .singleElement()
        .isEqualTo(new DropTable(new TableName("T"), false, false, "DROP TABLE t"));
    assertThat(parser.parse("drop table if exists public.\"T x\" cascade"))
        .singleElement()
        .isEqualTo(
            new DropTable(
                new TableName("T x"), true, true, "drop table if exists public.\"T x\" cascade"));
    assertThat(parser.parse("DROP TABLE t RESTRICT"))
        .singleElement()
        .isEqualTo(new DropTable(new TableName("T"), false, false, "DROP TABLE t RESTRICT"));
  }

  @Test
  void identifiersNamedLikeNewKeywordsStillWork() {
    final CreateTableAs ctas = onlyCtas("CREATE TABLE batch AS SELECT cancel, \"if\" FROM batch");
    assertThat(ctas.table().name()).isEqualTo("BATCH");
  }

  @Test
  void queriesOfEveryKind() {
    assertThat(
            parser.parse(
                "SELECT 1; VALUES (1, 2); WITH x AS (SELECT 1) SELECT * FROM x; "
                    + "SELECT a FROM t UNION SELECT a FROM u; EXPLAIN PLAN FOR SELECT * FROM t; "
                    + "SELECT * FROM t WHERE a != 1 LIMIT 10"))
        .hasSize(6)
        .allSatisfy(s -> assertThat(s).isInstanceOf(QueryStatement.class));
  }

  @Test
  void scriptSplitsOnSemicolonsOutsideStringsAndComments() {
    final String script =
        "CREATE TABLE a AS SELECT 'x;y' AS s; -- a comment; with a semicolon\n"
            + "/* block; comment */ CREATE TABLE b AS SELECT * FROM a;\n;;\n"
            + "SELECT \"weird;name\" FROM b";
    final List<ParsedStatement> statements = parser.parse(script);
    assertThat(statements).hasSize(3);
    assertThat(statements.get(0).sqlText()).isEqualTo("CREATE TABLE a AS SELECT 'x;y' AS s");
    assertThat(statements.get(1).sqlText()).isEqualTo("CREATE TABLE b AS SELECT * FROM a");
    assertThat(((CreateTableAs) statements.get(1)).line()).isEqualTo(2);
    assertThat(((CreateTableAs) statements.get(1)).column()).isEqualTo(22);
    assertThat(statements.get(2).sqlText()).isEqualTo("SELECT \"weird;name\" FROM b");
  }

  @Test
  void positionsAreRelativeToTheWholeScriptWithCrLf() {
    final String script = "SELECT 1;\r\n\r\n  CREATE TABLE c AS\r\n  SELECT 2 AS two;";
    final List<ParsedStatement> statements = parser.parse(script);
    final CreateTableAs ctas = (CreateTableAs) statements.get(1);
    assertThat(ctas.line()).isEqualTo(3);
    assertThat(ctas.column()).isEqualTo(3);
    assertThat(ctas.sqlText()).isEqualTo("CREATE TABLE c AS\r\n  SELECT 2 AS two");
    assertThat(ctas.query().getParserPosition().getLineNum()).isEqualTo(4);
  }

  @Test
  void emptyScripts() {
    assertThat(parser.parse("")).isEmpty();
    assertThat(parser.parse("  \n\t ")).isEmpty();
    assertThat(parser.parse("-- nothing\n/* at all */ ;; ")).isEmpty();
  }

  @Test
  void syntaxErrorInMultiLineScriptHasScriptPosition() {
    final TablewaveException e =
        failure(
            "CREATE TABLE a AS SELECT 1;\n"
                + "CREATE TABLE b AS\n"
                + "  SELECT x FROM WHERE y = 1;");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(e.getMessage())
        .startsWith("Syntax error at line 3, column 17: found \"WHERE\", expected");
  }

  @Test
  void syntaxErrorAtEndOfInput() {
    final TablewaveException e = failure("SELECT 1;\nCREATE TABLE t AS");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(e.getMessage()).startsWith("Syntax error at line 2, column 17: found end of input");
  }

  @Test
  void syntaxErrorNamesWhatWasExpected() {
    final TablewaveException e = failure("CREATE TABLE t SELECT 1");
    assertThat(e.getMessage())
        .startsWith("Syntax error at line 1, column 16: found \"SELECT\", expected one of")
        .contains("\"AS\"")
        .contains("\"WITH\"");
  }

  @Test
  void lexicalErrorHasPosition() {
    final TablewaveException e = failure("SELECT 1;\nSELECT 2 # 3");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(e.getMessage()).startsWith("Syntax error at line 2, column 10:").contains("#");
  }

  @Test
  void tooLongIdentifier() {
    final String name = "T".repeat(129);
    final TablewaveException e = failure("CREATE TABLE " + name + " AS SELECT 1");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(e.getMessage()).startsWith("Syntax error at line 1, column 14:").contains("128");
    assertThat(onlyCtas("CREATE TABLE " + "T".repeat(128) + " AS SELECT 1").table().name())
        .hasSize(128);
  }

  @Test
  void unsupportedStatementsThatParse() {
    for (String sql :
        List.of(
            "INSERT INTO t VALUES (1)",
            "UPDATE t SET a = 1",
            "DELETE FROM t",
            "MERGE INTO t USING s ON t.a = s.a WHEN MATCHED THEN UPDATE SET a = s.a")) {
      final TablewaveException e = failure("SELECT 1;\n" + sql);
      assertThat(e.errorCode()).as(sql).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT);
      assertThat(e.getMessage())
          .as(sql)
          .startsWith(sql.substring(0, sql.indexOf(' ')) + " is not supported")
          .contains("CREATE [OR REPLACE] TABLE");
    }
  }

  @Test
  void unsupportedStatementsTheGrammarDoesNotKnow() {
    assertThat(failure("CREATE VIEW v AS SELECT 1").getMessage())
        .startsWith("CREATE VIEW is not supported");
    assertThat(failure("create or replace view v as select 1").getMessage())
        .startsWith("CREATE VIEW is not supported");
    assertThat(failure("DROP VIEW v").getMessage()).startsWith("DROP VIEW is not supported");
    assertThat(failure("SELECT 1; TRUNCATE TABLE t").getMessage())
        .startsWith("TRUNCATE is not supported");
    assertThat(failure("CREATE VIEW v AS SELECT 1").errorCode())
        .isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT);
    // a typo stays a syntax error
    assertThat(failure("CREATE TABEL t AS SELECT 1").errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    // a CREATE TABLE without AS is ours, so it is a syntax error
    assertThat(failure("CREATE TABLE t (a INT)").errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
  }

  @Test
  void explainBatchTakesTheFollowingCtasStatements() {
    final List<ParsedStatement> statements =
        parser.parse(
            "EXPLAIN CREATE TABLE a AS SELECT 1 AS x;\n"
                + "CREATE TABLE b AS SELECT * FROM a;\n"
                + "CREATE OR REPLACE TABLE c AS SELECT * FROM b;\n"
                + "SELECT * FROM c");
    assertThat(statements).hasSize(2);
    final ExplainBatch explain = (ExplainBatch) statements.get(0);
    assertThat(explain.statements())
        .extracting(s -> s.table().name())
        .containsExactly("A", "B", "C");
    assertThat(explain.statements().get(0).sqlText()).isEqualTo("CREATE TABLE a AS SELECT 1 AS x");
    assertThat(explain.statements().get(0).column()).isEqualTo(9);
    assertThat(explain.statements().get(2).orReplace()).isTrue();
    assertThat(explain.sqlText()).startsWith("EXPLAIN CREATE TABLE a").endsWith("SELECT * FROM b");
    assertThat(statements.get(1)).isInstanceOf(QueryStatement.class);
  }

  @Test
  void explainPlanForKeepsCalcitesMeaning() {
    final ParsedStatement statement = parser.parse("EXPLAIN PLAN FOR SELECT * FROM t").get(0);
    assertThat(statement).isInstanceOf(QueryStatement.class);
    assertThat(((QueryStatement) statement).query().getKind()).isEqualTo(SqlKind.EXPLAIN);
  }

  @Test
  void beginEndBlock() {
    final String script =
        "SELECT 0;\nBEGIN\n  CREATE TABLE a AS SELECT 1 AS x;\n"
            + "  CREATE TABLE b AS SELECT 'a;b' AS y FROM a;\nEND;\nSELECT 2";
    final List<ParsedStatement> statements = parser.parse(script);
    assertThat(statements).hasSize(3);
    final StatementBlock block = (StatementBlock) statements.get(1);
    assertThat(block.sqlText()).startsWith("BEGIN").endsWith("END");
    assertThat(block.statements()).hasSize(2);
    final CreateTableAs b = (CreateTableAs) block.statements().get(1);
    assertThat(b.sqlText()).isEqualTo("CREATE TABLE b AS SELECT 'a;b' AS y FROM a");
    assertThat(b.line()).isEqualTo(4);
    assertThat(b.column()).isEqualTo(3);
  }

  @Test
  void beginEndBlockWithoutTrailingSemicolonAndWithExplain() {
    final StatementBlock block =
        (StatementBlock)
            parser
                .parse("BEGIN EXPLAIN CREATE TABLE a AS SELECT 1; CREATE TABLE b AS SELECT 2 END")
                .get(0);
    assertThat(block.statements()).singleElement().isInstanceOf(ExplainBatch.class);
    assertThat(((ExplainBatch) block.statements().get(0)).statements()).hasSize(2);
    assertThat(((StatementBlock) parser.parse("BEGIN END").get(0)).statements()).isEmpty();
  }

  @Test
  void nestedBlockIsRefused() {
    assertThat(failure("BEGIN BEGIN SELECT 1; END; END").errorCode())
        .isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT);
  }

  @Test
  void unsupportedStatementInsideBlock() {
    final TablewaveException e =
        failure("BEGIN CREATE TABLE a AS SELECT 1; INSERT INTO a VALUES (2); END");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT);
    assertThat(e.getMessage()).startsWith("INSERT is not supported");
  }

  @Test
  void cancelBatch() {
    assertThat(parser.parse("CANCEL BATCH 42"))
        .singleElement()
        .isEqualTo(new CancelBatch(42, "CANCEL BATCH 42"));
    assertThat(parser.parse("cancel batch 7;"))
        .singleElement()
        .isEqualTo(new CancelBatch(7, "cancel batch 7"));
    assertThat(parser.parse("CANCEL SESSION 'a-b''c'"))
        .singleElement()
        .isEqualTo(new CancelSession("a-b'c", "CANCEL SESSION 'a-b''c'"));
    assertThat(failure("CANCEL BATCH abc").errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(failure("CANCEL BATCH 99999999999999999999").getMessage()).contains("too large");
  }

  @Test
  void semicolonInStringLiteralDoesNotSplit() {
    final List<ParsedStatement> statements = parser.parse("SELECT ';' AS a, 'it''s; fine' AS b");
    assertThat(statements)
        .singleElement()
        .extracting(ParsedStatement::sqlText)
        .isEqualTo("SELECT ';' AS a, 'it''s; fine' AS b");
  }

  @Test
  void unsupportedStatementNamesItsPosition() {
    final TablewaveException e = failure("SELECT 1;\n  INSERT INTO t VALUES (1)");
    assertThat(e.getMessage()).startsWith("INSERT is not supported (line 2, column 3).");
    assertThat(failure("SELECT 1;\n\nCREATE VIEW v AS SELECT 1").getMessage())
        .startsWith("CREATE VIEW is not supported (line 3, column 1).");
  }

  @Test
  void syntaxErrorInsideBlockHasScriptPosition() {
    final TablewaveException e =
        failure(
            "SELECT 1;\nBEGIN\n  CREATE TABLE a AS SELECT 1;\n  CREATE TABLE b AS SELEC 2;\nEND");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(e.getMessage()).startsWith("Syntax error at line 4, column 21:");
  }

  @Test
  void explainBatchEndsAtTheFirstStatementThatIsNotCtas() {
    final List<ParsedStatement> statements =
        parser.parse(
            "EXPLAIN CREATE TABLE a AS SELECT 1; DROP TABLE x; CREATE TABLE b AS SELECT 2");
    assertThat(statements).hasSize(3);
    assertThat(((ExplainBatch) statements.get(0)).statements()).hasSize(1);
    assertThat(statements.get(1)).isInstanceOf(DropTable.class);
    assertThat(statements.get(2)).isInstanceOf(CreateTableAs.class);
  }

  @Test
  void twoExplainsMakeTwoBatches() {
    final List<ParsedStatement> statements =
        parser.parse(
            "EXPLAIN CREATE TABLE a AS SELECT 1; CREATE TABLE b AS SELECT 2; EXPLAIN CREATE TABLE c AS SELECT 3");
    assertThat(statements)
        .hasSize(2)
        .allSatisfy(s -> assertThat(s).isInstanceOf(ExplainBatch.class));
    assertThat(((ExplainBatch) statements.get(0)).statements()).hasSize(2);
    assertThat(((ExplainBatch) statements.get(1)).statements()).hasSize(1);
  }

  @Test
  void explainWithProperties() {
    final ExplainBatch explain =
        (ExplainBatch)
            parser
                .parse(
                    "EXPLAIN CREATE TABLE IF NOT EXISTS a WITH ('format' = 'csv') AS SELECT * FROM kafka://t")
                .get(0);
    final CreateTableAs ctas = explain.statements().get(0);
    assertThat(ctas.ifNotExists()).isTrue();
    assertThat(ctas.properties()).containsExactly(Map.entry("format", "csv"));
    assertThat(fromTable(ctas.query()).names).containsExactly("KAFKA", "t");
  }

  @Test
  void quotedIdentifiersAndCommentsInsideStatementText() {
    final List<ParsedStatement> statements =
        parser.parse("CREATE TABLE \"a;b\" AS SELECT 1 /* ; */ AS x -- ;\n;SELECT 2");
    assertThat(statements).hasSize(2);
    assertThat(((CreateTableAs) statements.get(0)).table().name()).isEqualTo("a;b");
    assertThat(statements.get(0).sqlText())
        .isEqualTo("CREATE TABLE \"a;b\" AS SELECT 1 /* ; */ AS x");
  }

  @Test
  void missingSemicolonBetweenStatementsIsASyntaxError() {
    final TablewaveException e = failure("CREATE TABLE a AS SELECT 1\nCREATE TABLE b AS SELECT 2");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(e.getMessage()).startsWith("Syntax error at line 2, column 1: found \"CREATE\"");
  }

  @Test
  void customConfigKeepsUnquotedCase() {
    final SqlScriptParser lower =
        new SqlScriptParser(
            SqlScriptParser.defaultConfig()
                .withUnquotedCasing(org.apache.calcite.avatica.util.Casing.UNCHANGED));
    assertThat(
            ((CreateTableAs) lower.parse("CREATE TABLE Orders AS SELECT 1").get(0)).table().name())
        .isEqualTo("Orders");
  }

  @Test
  void expectedTokensAreShortAndReadable() {
    final TablewaveException e = failure("SELECT * FROM");
    assertThat(e.getMessage())
        .startsWith("Syntax error at line 1, column 13: found end of input, expected one of")
        .contains("an identifier")
        .contains("kafka://topic")
        .contains("a string")
        .doesNotContain("BACK_QUOTED")
        .doesNotContain("<");
  }

  @Test
  void misspelledStatementStart() {
    final TablewaveException e = failure("SELECT 1;\nSELEC 1");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(e.getMessage())
        .startsWith("Syntax error at line 2, column 1: a statement must start here");
  }

  @Test
  void misspelledSelectAfterAsSaysAQueryWasExpectedAndPointsAtTheWord() {
    final TablewaveException e =
        failure("CREATE TABLE a1 AS SELECT 1;\n\nCREATE TABLE c1 AS SELEC * FROM a1;");
    assertThat(e.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
    assertThat(e.getMessage())
        .isEqualTo(
            "Syntax error at line 3, column 20: expected a query after AS (SELECT, "
                + "VALUES or WITH), but found \"SELEC\"");
  }

  @Test
  void aNumberAfterAsSaysAQueryWasExpected() {
    final TablewaveException e = failure("EXPLAIN CREATE TABLE c1 AS 42");
    assertThat(e.getMessage())
        .isEqualTo(
            "Syntax error at line 1, column 28: expected a query after AS (SELECT, "
                + "VALUES or WITH), but found \"42\"");
  }

  @Test
  void everyQueryFormStillFollowsAs() {
    for (String query :
        List.of(
            "SELECT 1",
            "VALUES (1)",
            "WITH q AS (SELECT 1 AS x) SELECT x FROM q",
            "(SELECT 1)",
            "TABLE a")) {
      assertThat(onlyCtas("CREATE TABLE t AS " + query).table().name()).isEqualTo("T");
    }
  }

  @Test
  void unnestWithOrdinalityStillParses() {
    assertThat(
            onlyCtas(
                    "CREATE TABLE t AS SELECT * FROM UNNEST(ARRAY[1, 2]) WITH ORDINALITY AS u(x, i) "
                        + "WITH ('a' = 'b')")
                .properties())
        .containsExactly(Map.entry("a", "b"));
  }
}
