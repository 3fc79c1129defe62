package io.tablewave.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import java.util.List;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.PostgresqlSqlDialect;
import org.apache.calcite.sql.parser.SqlParser;
import org.junit.jupiter.api.Test;

class StoreStatementsTest {
  private final StoreStatements statements =
      new StoreStatements(
          PostgresqlSqlDialect.DEFAULT,
          "public",
          column ->
              switch (column.type()) {
                case DECIMAL -> "NUMERIC(" + column.precision() + ", " + column.scale() + ")";
                case DOUBLE -> "DOUBLE PRECISION";
                default -> column.type().name();
              });

  @Test
  void createTableDeclaresEachColumnWithTheStoresTypeAndNullability() {
    assertThat(
            statements.createTable(
                "Orders",
                List.of(
                    new Column("ID", ColumnType.BIGINT, 0, 0, false),
                    new Column("amount", ColumnType.DECIMAL, 12, 2, true),
                    new Column("say \"hi\"", ColumnType.DOUBLE, 0, 0, true))))
        .isEqualTo(
            "CREATE TABLE \"public\".\"Orders\" (\"ID\" BIGINT NOT NULL,"
                + " \"amount\" NUMERIC(12, 2), \"say \"\"hi\"\"\" DOUBLE PRECISION)");
  }

  @Test
  void createTableAsCastsEachColumnByPositionToItsNameAndType() throws Exception {
    SqlNode query = SqlParser.create("SELECT \"a\", \"b\" + 1 FROM \"public\".\"t\"").parseQuery();
    assertThat(
            statements.createTableAs(
                "T2",
                List.of(
                    new Column("A", ColumnType.VARCHAR, 0, 0, true),
                    new Column("B", ColumnType.DOUBLE, 0, 0, true)),
                query))
        .isEqualTo(
            "CREATE TABLE \"public\".\"T2\" AS\nSELECT CAST(\"q\".\"c1\" AS VARCHAR) AS \"A\","
                + " CAST(\"q\".\"c2\" AS DOUBLE PRECISION) AS \"B\""
                + " FROM (SELECT \"a\", \"b\" + 1 FROM \"public\".\"t\") AS \"q\" (\"c1\", \"c2\")");
  }

  @Test
  void dropRenameCountProbeInsertAndSchema() {
    assertThat(statements.dropTableIfExists("t"))
        .isEqualTo("DROP TABLE IF EXISTS \"public\".\"t\"");
    assertThat(statements.renameTable("t", "u"))
        .isEqualTo("ALTER TABLE \"public\".\"t\" RENAME TO \"u\"");
    assertThat(statements.countRows("t")).isEqualTo("SELECT COUNT(*) FROM \"public\".\"t\"");
    assertThat(statements.noRows("t")).isEqualTo("SELECT * FROM \"public\".\"t\" WHERE FALSE");
    assertThat(statements.insertSelect("t", "t_d", List.of("A", "b")))
        .isEqualTo(
            "INSERT INTO \"public\".\"t\" (\"A\", \"b\")\n"
                + "SELECT \"A\", \"b\" FROM \"public\".\"t_d\"");
    assertThat(statements.createSchemaIfNotExists("tw"))
        .isEqualTo("CREATE SCHEMA IF NOT EXISTS \"tw\"");
  }
}
