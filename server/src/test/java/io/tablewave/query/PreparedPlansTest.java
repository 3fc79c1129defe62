package io.tablewave.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.calcite.adapter.java.ReflectiveSchema;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.Driver;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.runtime.Hook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PreparedPlansTest {
  /** A schema of one table whose rows the test changes between runs. */
  public static final class Numbers {
    public final Row[] rows = {new Row(1), new Row(2)};
  }

  public static final class Row {
    public int n;

    Row(int n) {
      this.n = n;
    }
  }

  private final AtomicLong tablesVersion = new AtomicLong();
  private final AtomicInteger plansMade = new AtomicInteger();
  private final Numbers fixed = new Numbers();
  private final Numbers changing = new Numbers();
  private final List<Connection> connections = new ArrayList<>();
  private Driver driver;
  private Hook.Closeable counting;

  @BeforeEach
  void setUp() {
    PreparedPlans plans = new PreparedPlans(tablesVersion::get, Set.of("FIXED"));
    driver = new Driver().withPrepareFactory(() -> plans);
    counting =
        Hook.PLAN_BEFORE_IMPLEMENTATION.addThread(
            (Consumer<RelRoot>) root -> plansMade.incrementAndGet());
  }

  @AfterEach
  void tearDown() throws SQLException {
    counting.close();
    for (Connection connection : connections) {
      connection.close();
    }
  }

  @Test
  void theSameTextOnTheSameConnectionIsPlannedOnceAndReadsTheRowsOfEachRun() throws SQLException {
    Connection connection = connect();
    assertThat(sum(connection, "SELECT SUM(\"n\") FROM FIXED.\"rows\"")).isEqualTo(3);
    fixed.rows[0].n = 40;
    assertThat(sum(connection, "SELECT SUM(\"n\") FROM FIXED.\"rows\"")).isEqualTo(42);
    assertThat(plansMade).hasValue(1);
  }

  @Test
  void aChangedTablesVersionPlansAgain() throws SQLException {
    Connection connection = connect();
    sum(connection, "SELECT SUM(\"n\") FROM FIXED.\"rows\"");
    tablesVersion.incrementAndGet();
    sum(connection, "SELECT SUM(\"n\") FROM FIXED.\"rows\"");
    sum(connection, "SELECT SUM(\"n\") FROM FIXED.\"rows\"");
    assertThat(plansMade).hasValue(2);
  }

  @Test
  void aPlanReadingASchemaNotKeptIsPreparedEachTime() throws SQLException {
    Connection connection = connect();
    String join = "SELECT SUM(f.\"n\" + c.\"n\") FROM FIXED.\"rows\" f, CHANGING.\"rows\" c";
    sum(connection, join);
    sum(connection, join);
    assertThat(plansMade).hasValue(2);
  }

  @Test
  void eachConnectionHasItsOwnPlans() throws SQLException {
    sum(connect(), "SELECT SUM(\"n\") FROM FIXED.\"rows\"");
    sum(connect(), "SELECT SUM(\"n\") FROM FIXED.\"rows\"");
    assertThat(plansMade).hasValue(2);
  }

  private Connection connect() throws SQLException {
    Connection connection = driver.connect("jdbc:calcite:", new Properties());
    connections.add(connection);
    CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
    calcite.getRootSchema().add("FIXED", new ReflectiveSchema(fixed));
    calcite.getRootSchema().add("CHANGING", new ReflectiveSchema(changing));
    return connection;
  }

  private static long sum(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      assertThat(rows.next()).isTrue();
      return rows.getLong(1);
    }
  }
}
