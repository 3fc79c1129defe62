package io.tablewave.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.refresh.AggregateMerge.Merge;
import io.tablewave.refresh.RefreshReasons.Downstream;
import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.DependencyExtractor;
import io.tablewave.sql.SqlScriptParser;
import java.util.Optional;
import org.apache.calcite.sql.SqlNode;
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
  void everythingElseIsRecomputedInFull() {
    assertThat(shape("SELECT category, AVG(amount) FROM orders GROUP BY category")).isEmpty();
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
