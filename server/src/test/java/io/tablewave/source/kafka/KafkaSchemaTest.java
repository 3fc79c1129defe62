package io.tablewave.source.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.demo.EmbeddedKafka;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.calcite.jdbc.CalciteConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaSchemaTest {
  private static final int RECORDS = 100_000;
  private static EmbeddedKafka kafka;
  private static KafkaTopics topics;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.start();
    topics = new KafkaTopics(KafkaSourceSettings.of(kafka.bootstrapServers()));
    kafka.createTopic("orders", 2);
    kafka.createTopic("clicks.v1", 1);
    // Recent timestamps: the broker's first retention check, 30 s after it starts, deletes records
    // older than
    // a week, which a slow machine may reach before the tests read them.
    long base = System.currentTimeMillis() - RECORDS;
    try (TestRecords records = new TestRecords(kafka.bootstrapServers())) {
      for (int i = 0; i < RECORDS; i++) {
        records.send(
            "orders",
            i % 2,
            "k" + i,
            "{\"order_id\":" + i + ",\"amount\":" + (i * 1.5) + ",\"status\":\"PAID\"}",
            base + i);
      }
      records.send("clicks.v1", 0, null, "{\"page\":\"/\"}");
    }
  }

  @AfterAll
  static void stop() {
    topics.close();
    kafka.close();
  }

  private static Connection connect() throws Exception {
    Properties info = new Properties();
    info.setProperty("caseSensitive", "false");
    info.setProperty("timeZone", "UTC");
    Connection connection = DriverManager.getConnection("jdbc:calcite:", info);
    connection
        .unwrap(CalciteConnection.class)
        .getRootSchema()
        .add("KAFKA", new KafkaSchema(topics));
    return connection;
  }

  @Test
  void limitPeeksWithoutReadingTheWholeTopic() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement()) {
      long start = System.nanoTime();
      List<Long> ids = new ArrayList<>();
      try (ResultSet rs = statement.executeQuery("SELECT * FROM KAFKA.\"orders\" LIMIT 10")) {
        ResultSetMetaData md = rs.getMetaData();
        assertThat(md.getColumnCount()).isEqualTo(7);
        assertThat(md.getColumnName(1)).isEqualTo("order_id");
        assertThat(md.getColumnType(1)).isEqualTo(Types.BIGINT);
        // i * 1.5 is always written with one decimal: DECIMAL(18, 1)
        assertThat(md.getColumnType(2)).isEqualTo(Types.DECIMAL);
        assertThat(md.getScale(2)).isEqualTo(1);
        assertThat(md.getColumnType(3)).isEqualTo(Types.VARCHAR);
        assertThat(md.getColumnName(7)).isEqualTo("_timestamp");
        assertThat(md.getColumnType(7)).isEqualTo(Types.TIMESTAMP);
        while (rs.next()) {
          ids.add(rs.getLong("order_id"));
          assertThat(rs.getString("_key")).isEqualTo("k" + rs.getLong("order_id"));
          assertThat(rs.getDouble("amount")).isEqualTo(rs.getLong("order_id") * 1.5);
          Timestamp ts = rs.getTimestamp("_timestamp");
          assertThat(ts).isNotNull();
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.println("LIMIT 10 peek over " + RECORDS + " records took " + millis + " ms");
      assertThat(ids).hasSize(10).doesNotHaveDuplicates();
    }
  }

  @Test
  void peekScansOnlyWhatTheQueryConsumes() {
    KafkaTopicTable table =
        new KafkaTopicTable(
            topics, TopicLoadSpec.defaults("orders", topics.settings()), new JsonSchemaInference());
    AtomicLong seen = new AtomicLong();
    var enumerator =
        table
            .scan(
                new org.apache.calcite.DataContext() {
                  @Override
                  public org.apache.calcite.schema.SchemaPlus getRootSchema() {
                    return null;
                  }

                  @Override
                  public org.apache.calcite.adapter.java.JavaTypeFactory getTypeFactory() {
                    return null;
                  }

                  @Override
                  public org.apache.calcite.linq4j.QueryProvider getQueryProvider() {
                    return null;
                  }

                  @Override
                  public Object get(String name) {
                    return null;
                  }
                })
            .enumerator();
    try {
      while (seen.get() < 5 && enumerator.moveNext()) {
        seen.incrementAndGet();
      }
    } finally {
      enumerator.close();
    }
    assertThat(seen.get()).isEqualTo(5);
  }

  @Test
  void aggregatesReadTheBoundedSnapshotToItsEnd() throws Exception {
    try (Connection connection = connect();
        Statement statement = connection.createStatement();
        ResultSet rs =
            statement.executeQuery(
                "SELECT COUNT(*), MAX(order_id), COUNT(DISTINCT \"_partition\") FROM kafka.orders")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getLong(1)).isEqualTo(RECORDS);
      assertThat(rs.getLong(2)).isEqualTo(RECORDS - 1);
      assertThat(rs.getLong(3)).isEqualTo(2);
    }
  }

  @Test
  void everyTopicIsATableInTheMetadata() throws Exception {
    try (Connection connection = connect()) {
      DatabaseMetaData md = connection.getMetaData();
      List<String> names = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "KAFKA", "%", null)) {
        while (rs.next()) {
          names.add(rs.getString("TABLE_NAME") + ":" + rs.getString("TABLE_TYPE"));
        }
      }
      assertThat(names)
          .containsExactlyInAnyOrder("orders:FOREIGN TABLE", "clicks.v1:FOREIGN TABLE");
      try (Statement statement = connection.createStatement();
          ResultSet rs = statement.executeQuery("SELECT \"page\" FROM KAFKA.\"clicks.v1\"")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("/");
        assertThat(rs.next()).isFalse();
      }
    }
  }
}
