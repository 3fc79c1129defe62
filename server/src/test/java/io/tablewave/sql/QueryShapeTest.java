package io.tablewave.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryShapeTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT * FROM t",
        "SELECT * FROM s.t",
        "SELECT * FROM t AS x",
        "SELECT t.* FROM t"
      })
  void selectingEverythingOfOneSource(String query) throws Exception {
    assertThat(QueryShape.selectsAllOfOneSource(SqlParser.create(query).parseQuery())).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SELECT a FROM t",
        "SELECT *, 1 AS x1 FROM t",
        "SELECT * FROM t WHERE a > 1",
        "SELECT DISTINCT * FROM t",
        "SELECT * FROM t ORDER BY a",
        "SELECT * FROM t LIMIT 5",
        "SELECT * FROM t GROUP BY a",
        "SELECT * FROM t, u",
        "SELECT * FROM t JOIN u ON t.a = u.a",
        "SELECT * FROM (SELECT * FROM t) AS x",
        "SELECT * FROM t UNION ALL SELECT * FROM u",
        "WITH x AS (SELECT * FROM t) SELECT * FROM x",
        "VALUES (1)"
      })
  void anythingElse(String query) throws Exception {
    assertThat(QueryShape.selectsAllOfOneSource(SqlParser.create(query).parseQuery())).isFalse();
  }
}
