package io.tablewave.sql.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.sql.parser.impl.TablewaveParserImpl;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.calcite.DataContext;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.ScannableTable;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class TablewaveParserImplTest {
  private static SqlNode parse(String sql) throws SqlParseException {
    return SqlParser.create(sql, SqlParser.config().withParserFactory(TablewaveParserImpl.FACTORY))
        .parseStmt();
  }

  @Test
  void factoryParsesKafkaSourcesThroughSqlParser() throws SqlParseException {
    for (String sql :
        List.of(
            "SELECT * FROM kafka://topic-name",
            "SELECT * FROM 'kafka://topic-name'",
            "SELECT * FROM KAFKA.\"topic-name\"")) {
      final SqlSelect select = (SqlSelect) parse(sql);
      assertThat(((SqlIdentifier) select.getFrom()).names)
          .as(sql)
          .containsExactly("KAFKA", "topic-name");
    }
  }

  @Test
  void factoryParsesCtasAndDropAsCalciteDdl() throws SqlParseException {
    final SqlCreateTableAs ctas =
        (SqlCreateTableAs)
            parse(
                "CREATE OR REPLACE TABLE t WITH ('a' = 'b') AS SELECT * FROM kafka://x WITH ('c' = 'd')");
    assertThat(ctas.getReplace()).isTrue();
    assertThat(ctas.properties()).extracting(SqlTableProperty::key).containsExactly("a", "c");
    assertThat(ctas.toString())
        .contains("CREATE OR REPLACE TABLE `T` WITH ('a' = 'b', 'c' = 'd') AS")
        .contains("`KAFKA`.`x`");
    final SqlDropTable drop = (SqlDropTable) parse("DROP TABLE IF EXISTS t CASCADE");
    assertThat(drop.ifExists).isTrue();
    assertThat(drop.cascade()).isTrue();
  }

  @Test
  void bareKafkaTokenOnlyStartsWithKafkaScheme() throws SqlParseException {
    // "//" still starts a comment everywhere else
    final SqlSelect select = (SqlSelect) parse("SELECT a // comment\nFROM t");
    assertThat(((SqlIdentifier) select.getFrom()).names).containsExactly("T");
    // without a topic right after the scheme there is no Kafka source
    assertThatThrownBy(() -> parse("SELECT * FROM kafka:// orders"))
        .isInstanceOf(SqlParseException.class);
    // the token stops at the first character a topic name cannot have; the rest is an alias here
    final SqlNode aliased = parse("SELECT * FROM kafka://orders live");
    assertThat(aliased.toString()).contains("`KAFKA`.`orders` AS `LIVE`");
  }

  @Test
  void calciteConnectionWithOurFactoryReadsABareKafkaSource() throws Exception {
    final Properties info = new Properties();
    info.setProperty("parserFactory", TablewaveParserImpl.class.getName() + "#FACTORY");
    try (Connection connection = DriverManager.getConnection("jdbc:calcite:", info)) {
      final CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
      calcite
          .getRootSchema()
          .add(
              "KAFKA",
              new AbstractSchema() {
                @Override
                protected Map<String, Table> getTableMap() {
                  return Map.of("topic-name", new TopicTable());
                }
              });
      for (String sql :
          List.of(
              "SELECT v FROM kafka://topic-name ORDER BY v",
              "SELECT v FROM 'kafka://topic-name' ORDER BY v",
              "SELECT v FROM KAFKA.\"topic-name\" ORDER BY v")) {
        final List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
            ResultSet rows = statement.executeQuery(sql)) {
          while (rows.next()) {
            values.add(rows.getString(1));
          }
        }
        assertThat(values).as(sql).containsExactly("a", "b");
      }
    }
  }

  /** A topic's rows, as the KAFKA schema would expose them. */
  private static final class TopicTable extends AbstractTable implements ScannableTable {
    @Override
    public RelDataType getRowType(RelDataTypeFactory typeFactory) {
      return typeFactory.builder().add("V", SqlTypeName.VARCHAR).build();
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root) {
      return Linq4j.asEnumerable(List.of(new Object[] {"b"}, new Object[] {"a"}));
    }
  }
}
