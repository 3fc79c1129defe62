package io.tablewave.avatica;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.query.QueryEngine;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class StorePlansTest {
  private static final JavaTypeFactoryImpl TYPES = new JavaTypeFactoryImpl();

  /** How often {@link #declining} was asked to translate. */
  private final AtomicInteger translations = new AtomicInteger();

  /** A translation that declines every query. */
  private final Supplier<Optional<QueryEngine.PlainStoreQuery>> declining =
      () -> {
        translations.incrementAndGet();
        return Optional.empty();
      };

  @Test
  void aQueryItsTranslationDeclinedIsNotTranslatedAgainUntilTheTablesChange() {
    StorePlans plans = new StorePlans();
    StorePlans.Key key = new StorePlans.Key("SELECT COUNT(*) FROM SYS.TABLES", "PUBLIC", 0, 7);

    assertThat(plans.translatedForTheStore(key, declining)).isEmpty();
    assertThat(plans.translatedForTheStore(key, declining)).isEmpty();
    assertThat(translations).hasValue(1);
    assertThat(plans.plan(key)).isEmpty();

    StorePlans.Key afterAChange =
        new StorePlans.Key("SELECT COUNT(*) FROM SYS.TABLES", "PUBLIC", 0, 8);
    assertThat(plans.translatedForTheStore(afterAChange, declining)).isEmpty();
    assertThat(translations).hasValue(2);
  }

  /**
   * Long texts count by their length: declining 1,000 texts of 100 KiB keeps at most about a
   * hundred of them (10 MB of text), not all 1,000.
   */
  @Test
  void longTextsAreKeptByTheirLength() {
    StorePlans plans = new StorePlans();
    String padding = " ".repeat(100 * 1024);
    for (int i = 0; i < 1_000; i++) {
      plans.translatedForTheStore(
          new StorePlans.Key("SELECT " + i + padding, "PUBLIC", 0, 1), declining);
    }
    translations.set(0);
    for (int i = 0; i < 1_000; i++) {
      plans.translatedForTheStore(
          new StorePlans.Key("SELECT " + i + padding, "PUBLIC", 0, 1), declining);
    }
    assertThat(translations.get()).isGreaterThanOrEqualTo(1_000 - 110);
  }

  @Test
  void aTranslatedQueryIsKeptWithTheColumnsCalciteWouldDescribe() {
    StorePlans plans = new StorePlans();
    RelDataType rowType =
        TYPES.createStructType(
            List.of(
                TYPES.createSqlType(SqlTypeName.INTEGER),
                TYPES.createTypeWithNullability(TYPES.createSqlType(SqlTypeName.VARCHAR, 5), true)),
            List.of("ID", "SHORT"));
    QueryEngine.PlainStoreQuery query =
        new QueryEngine.PlainStoreQuery(
            "SELECT \"ID\", LEFT(\"NAME\", 5) FROM \"main\".\"t_1\"",
            rowType,
            Arrays.asList(List.of("PUBLIC", "T", "ID"), null));
    StorePlans.Key key =
        new StorePlans.Key("SELECT id, CAST(name AS VARCHAR(5)) AS short FROM t", "PUBLIC", 0, 1);

    StorePlans.InStore plan =
        plans.translatedForTheStore(key, () -> Optional.of(query)).orElseThrow();

    assertThat(plans.plan(key)).contains(plan);
    assertThat(plan.storeSql()).isEqualTo(query.storeSql());
    ColumnMetaData id = plan.signature().columns.get(0);
    assertThat(List.of(id.label, id.columnName, id.schemaName, id.tableName))
        .containsExactly("ID", "ID", "PUBLIC", "T");
    assertThat(id.type.id).isEqualTo(Types.INTEGER);
    assertThat(id.nullable).isEqualTo(DatabaseMetaData.columnNoNulls);
    assertThat(id.columnClassName).isEqualTo(Integer.class.getName());
    ColumnMetaData shortName = plan.signature().columns.get(1);
    assertThat(shortName.tableName).isNull();
    assertThat(List.of(shortName.type.id, shortName.precision, shortName.displaySize))
        .containsExactly(Types.VARCHAR, 5, 5);
    assertThat(shortName.nullable).isEqualTo(DatabaseMetaData.columnNullable);
  }
}
