package io.tablewave.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.refresh.AggregateMerge.Merge;
import io.tablewave.refresh.RefreshReasons.Downstream;
import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.DependencyExtractor;
import io.tablewave.sql.SqlScriptParser;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.junit.jupiter.api.Test;

/** Which queries of one loaded table follow an incremental refresh of it, and how. */
class DownstreamShapesTest {
  private final SqlScriptParser parser = new SqlScriptParser();
  private final DependencyExtractor extractor = new DependencyExtractor();

  private SqlNode query(String select) {
    return ((CreateTableAs) parser.parse("CREATE TABLE t AS " + select).get(0)).query();
  }

  private Optional<Downstream> shape(String select) {
    SqlNode query = query(select);
    return RefreshReasons.downstream(query, extractor.extract(query));
  }

  @Test
  void filtersAndProjectionsOfOneTableAppend() {
    assertThat(shape("SELECT id, amount * 2 AS twice FROM orders WHERE amount > 3"))
        .contains(Downstream.APPEND);
    assertThat(
            shape(
                "SELECT id FROM orders WHERE amount < 3 UNION ALL SELECT id FROM orders WHERE"
                    + " amount > 90"))
        .contains(Downstream.APPEND);
  }

  @Test
  void countSumMinMaxByGroupMerge() {
    String select =
        "SELECT category, COUNT(*) AS n, COUNT(amount) AS c, SUM(amount) AS s, MIN(amount),"
            + " MAX(UPPER(name)) FROM orders WHERE amount > 0 GROUP BY category";
    assertThat(shape(select)).contains(Downstream.AGGREGATE);
    assertThat(AggregateMerge.of(query(select)).orElseThrow().merges())
        .containsExactly(Merge.KEY, Merge.SUM, Merge.SUM, Merge.SUM, Merge.MIN, Merge.MAX);
    assertThat(shape("SELECT COUNT(*) AS n, SUM(amount) AS s FROM orders"))
        .contains(Downstream.AGGREGATE);
  }

  @Test
  void averagesMergeAsASumAndACount() {
    String select =
        "SELECT category, AVG(amount) AS a, COUNT(*) AS n, AVG(CASE WHEN amount > 3 THEN amount"
            + " END) AS high FROM orders WHERE amount > 0 GROUP BY category";
    assertThat(shape(select)).contains(Downstream.AGGREGATE);
    AggregateMerge merge = AggregateMerge.of(query(select)).orElseThrow();
    assertThat(merge.merges()).containsExactly(Merge.KEY, Merge.AVG, Merge.SUM, Merge.AVG);
    assertThat(merge.averages()).isTrue();
    assertThat(shape("SELECT AVG(amount) AS a FROM orders")).contains(Downstream.AGGREGATE);
    // The state: every column that is no AVG as it is, each AVG as the sum and the count of its
    // values, over the same input, filter and groups.
    assertThat(
            merge
                .stateQuery(query(select))
                .toSqlString(CalciteSqlDialect.DEFAULT)
                .getSql()
                .replaceAll("\\s+", " "))
        .isEqualTo(
            "SELECT `CATEGORY` AS `C0`, SUM(`AMOUNT`) AS `S1`, COUNT(`AMOUNT`) AS `N1`, COUNT(*)"
                    .replace('`', '"')
                + " AS \"C2\", SUM(CASE WHEN \"AMOUNT\" > 3 THEN \"AMOUNT\" ELSE NULL END) AS"
                + " \"S3\", COUNT(CASE WHEN \"AMOUNT\" > 3 THEN \"AMOUNT\" ELSE NULL END) AS \"N3\""
                + " FROM \"ORDERS\" WHERE \"AMOUNT\" > 0 GROUP BY \"CATEGORY\"");
    List<Column> columns =
        List.of(
            new Column("CATEGORY", ColumnType.VARCHAR, 0, 0, true),
            new Column("A", ColumnType.DECIMAL, 12, 2, true),
            new Column("N", ColumnType.BIGINT, 0, 0, false),
            new Column("HIGH", ColumnType.INTEGER, 0, 0, true));
    assertThat(merge.stateColumns(columns).orElseThrow())
        .containsExactly(
            new Column("C0", ColumnType.VARCHAR, 0, 0, true),
            new Column("S1", ColumnType.DECIMAL, 38, 2, true),
            new Column("N1", ColumnType.BIGINT, 0, 0, true),
            new Column("C2", ColumnType.BIGINT, 0, 0, true),
            new Column("S3", ColumnType.BIGINT, 0, 0, true),
            new Column("N3", ColumnType.BIGINT, 0, 0, true));
    // An AVG of a type without an exact sum is not merged: the table is recomputed in full.
    assertThat(
            merge.stateColumns(
                List.of(
                    columns.get(0),
                    Column.of("A", ColumnType.VARCHAR),
                    columns.get(2),
                    columns.get(3))))
        .isEmpty();
  }

  @Test
  void everythingElseIsRecomputedInFull() {
    assertThat(shape("SELECT category, AVG(DISTINCT amount) FROM orders GROUP BY category"))
        .isEmpty();
    assertThat(shape("SELECT category, AVG(amount) + 1 FROM orders GROUP BY category")).isEmpty();
    assertThat(shape("SELECT category, STDDEV(amount) FROM orders GROUP BY category")).isEmpty();
    assertThat(shape("SELECT category, COUNT(DISTINCT id) FROM orders GROUP BY category"))
        .isEmpty();
    assertThat(shape("SELECT category, COUNT(*) FROM orders GROUP BY category HAVING COUNT(*) > 1"))
        .isEmpty();
    // A group that is not a column would merge groups the table keeps apart.
    assertThat(shape("SELECT COUNT(*) FROM orders GROUP BY category")).isEmpty();
    assertThat(shape("SELECT category, COUNT(*) + 1 FROM orders GROUP BY category")).isEmpty();
    assertThat(shape("SELECT category, COUNT(*) FROM orders GROUP BY ROLLUP(category)")).isEmpty();
    assertThat(shape("SELECT DISTINCT category FROM orders")).isEmpty();
    assertThat(shape("SELECT id FROM orders ORDER BY id LIMIT 3")).isEmpty();
    assertThat(shape("SELECT a.id FROM orders a JOIN customers b ON a.id = b.id")).isEmpty();
    assertThat(shape("SELECT id, RAND() AS r FROM orders")).isEmpty();
    assertThat(shape("SELECT id, ROW_NUMBER() OVER (ORDER BY id) FROM orders")).isEmpty();
    assertThat(shape("SELECT id FROM kafka://orders")).isEmpty();
  }
}
