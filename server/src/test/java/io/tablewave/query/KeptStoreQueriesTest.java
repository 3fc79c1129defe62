package io.tablewave.query;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.junit.jupiter.api.Test;

class KeptStoreQueriesTest {
  private static final TableResolutions.Asked ORDERS = new TableResolutions.Asked("ORDERS", true);
  private static final TableResolutions.Asked MISSING =
      new TableResolutions.Asked("MISSING", false);

  /** What the registry answers now, by name asked. */
  private final Map<TableResolutions.Asked, TableResolutions.Answer> registry = new HashMap<>();

  private final KeptStoreQueries kept =
      new KeptStoreQueries(10, asked -> Optional.ofNullable(registry.get(asked)));

  private final QueryEngine.StoreQuery planned =
      new QueryEngine.StoreQuery(
          new SqlIdentifier("planned", SqlParserPos.ZERO),
          List.of(new Column("ID", ColumnType.INTEGER, 0, 0, true)));

  @Test
  void aQueryIsReusedWhileEveryNameItsPlanningLookedUpResolvesTheSame() {
    registry.put(ORDERS, new TableResolutions.Answer("ORDERS", "ORDERS$1"));
    kept.keep("SELECT * FROM orders", planned, resolved(ORDERS, MISSING));

    assertThat(kept.reusable("SELECT * FROM orders")).containsSame(planned);
    assertThat(kept.reusable("SELECT * FROM orders o")).isEmpty();
  }

  @Test
  void aTableLoadedAgainOrDroppedPlansTheQueryAgain() {
    registry.put(ORDERS, new TableResolutions.Answer("ORDERS", "ORDERS$1"));
    kept.keep("SELECT * FROM orders", planned, resolved(ORDERS));

    registry.put(ORDERS, new TableResolutions.Answer("ORDERS", "ORDERS$2"));
    assertThat(kept.reusable("SELECT * FROM orders")).isEmpty();

    registry.remove(ORDERS);
    assertThat(kept.reusable("SELECT * FROM orders")).isEmpty();
  }

  @Test
  void aNameThatResolvedToNothingAndNowResolvesPlansTheQueryAgain() {
    registry.put(ORDERS, new TableResolutions.Answer("ORDERS", "ORDERS$1"));
    kept.keep("SELECT * FROM orders", planned, resolved(ORDERS, MISSING));

    registry.put(MISSING, new TableResolutions.Answer("MISSING", "MISSING$7"));
    assertThat(kept.reusable("SELECT * FROM orders")).isEmpty();
  }

  @Test
  void aPlanningThatListedTheTablesIsNotKept() {
    registry.put(ORDERS, new TableResolutions.Answer("ORDERS", "ORDERS$1"));
    TableResolutions resolutions = resolved(ORDERS);
    resolutions.listed();
    kept.keep("SELECT * FROM orders", planned, resolutions);

    assertThat(kept.reusable("SELECT * FROM orders")).isEmpty();
  }

  /** The answers the registry gives now to {@code asked}, as a planning records them. */
  private TableResolutions resolved(TableResolutions.Asked... asked) {
    TableResolutions resolutions = new TableResolutions();
    for (TableResolutions.Asked name : asked) {
      resolutions.answered(name, Optional.ofNullable(registry.get(name)));
    }
    return resolutions;
  }
}
