package io.tablewave.e2e;

import static io.tablewave.testing.Sql.execute;
import static io.tablewave.testing.Sql.rows;
import static io.tablewave.testing.Sql.scalarLong;
import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Throws generated bad input at the server: valid statements mutated at random (characters dropped,
 * inserted or swapped, tokens repeated, truncation, bad property values, unknown properties,
 * oversized names, garbage bytes) and unsupported statements. Each must either run as what it still
 * is or fail with a SQLException that says what was wrong (and where, for syntax errors), never an
 * internal error; a failure leaves the registry unchanged, and the server keeps serving throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MalformedInputTest {
  private static final int MUTATIONS = 1_200;
  private static final long SEED = 20261124L;

  private static final List<String> TEMPLATES =
      List.of(
          "CREATE TABLE m_# AS SELECT id, amount * 2 AS doubled FROM base WHERE amount > 10",
          "CREATE TABLE m_# WITH ('depends_on' = 'base', 'timeout' = '30s') AS SELECT b.id, COUNT(*) AS c"
              + " FROM base b JOIN base c ON b.id = c.id GROUP BY b.id",
          "CREATE OR REPLACE TABLE m_# AS SELECT * FROM base UNION ALL SELECT * FROM base",
          "CREATE TABLE IF NOT EXISTS m_# AS WITH big AS (SELECT * FROM base WHERE amount > 5)"
              + " SELECT id FROM big WHERE id IN (SELECT id FROM base)",
          "CREATE TABLE m_# AS SELECT id, CAST(amount AS VARCHAR) AS text FROM base"
              + " WITH ('retries' = '1', 'team' = 'finance')",
          "SELECT id, amount FROM base WHERE amount BETWEEN 1 AND 5 ORDER BY id",
          "SELECT TABLE_NAME, STATUS FROM SYS.TABLES WHERE ROW_COUNT > 0",
          "DROP TABLE IF EXISTS m_#",
          "EXPLAIN CREATE TABLE m_# AS SELECT * FROM base; CREATE TABLE n_# AS SELECT * FROM m_#",
          "BEGIN CREATE TABLE m_# AS SELECT * FROM base; CREATE TABLE n_# AS SELECT id FROM m_#; END");

  private static final List<String> UNSUPPORTED =
      List.of(
          "INSERT INTO base VALUES (1, 2)",
          "UPDATE base SET amount = 1",
          "DELETE FROM base WHERE id = 1",
          "MERGE INTO base USING base AS s ON base.id = s.id WHEN MATCHED THEN UPDATE SET amount = 0",
          "GRANT SELECT ON base TO bob",
          "ALTER TABLE base ADD COLUMN x INTEGER",
          "CREATE VIEW v AS SELECT * FROM base",
          "TRUNCATE TABLE base",
          "CREATE TABLE plain (id INTEGER)",
          "SET unknown_setting = 1",
          "",
          "   ",
          "-- only a comment",
          ";;");

  private static final List<String> INSERTIONS =
      List.of(
          "(",
          ")",
          ",",
          "'",
          "\"",
          ";",
          "*",
          ".",
          "=",
          "\u0000",
          "\u0007",
          "\uFFFF",
          "é",
          "\uD835\uDD18",
          "\\",
          "`",
          "--",
          "/*",
          "kafka://",
          "?",
          "$1",
          "1e999999");

  private static final List<String> TOKENS =
      List.of(
          "SELECT", "FROM", "WITH", "TABLE", "AS", "JOIN", "BY", "NULL", "CREATE", "WHERE", "(",
          ")", "'x'", "42", "CASCADE", "EXPLAIN");

  private static final List<String> BAD_PROPERTIES =
      List.of(
          "'timeout' = '-5s'",
          "'timeout' = 'soon'",
          "'timeout' = ''",
          "'retries' = 'many'",
          "'retries' = '99'",
          "'format' = 'xml'",
          "'scan.nonsense' = '1'",
          "'scan.startup.mode' = 'yesterday'",
          "'on-bad-record' = 'ignore'",
          "'kafka.' = 'x'",
          "'' = 'x'",
          "'depends_on' = 'no_such_table'",
          "'scan.startup.timestamp-millis' = '12'",
          "'kafka.request.timeout.ms' = '0'");

  private TestServer server;
  private Connection connection;

  @BeforeAll
  void start() throws Exception {
    server = TestServer.start(TestStore.DUCKDB);
    connection = server.connect();
    execute(
        connection,
        "CREATE TABLE base AS SELECT * FROM (VALUES (1, 5), (2, 20), (3, 40)) AS t(id, amount)");
  }

  @AfterAll
  void stop() throws Exception {
    if (connection != null) {
      connection.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void badInputGetsClearErrorsAndLeavesTheRegistryAndServerIntact() throws Exception {
    Random random = new Random(SEED);
    Map<String, Integer> failuresByState = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    String registry = registryFingerprint();
    int succeeded = 0;
    for (int i = 0; i < MUTATIONS; i++) {
      String sql = mutate(random, i);
      try (Statement statement = connection.createStatement()) {
        statement.execute(sql);
        succeeded++;
        registry = registryFingerprint();
      } catch (SQLException e) {
        failuresByState.merge(e.getSQLState() + "", 1, Integer::sum);
        String problem = problemWith(e);
        if (problem != null) {
          problems.add(
              problem + "\n    statement: " + printable(sql) + "\n    message: " + e.getMessage());
        }
        String after = registryFingerprint();
        if (!after.equals(registry)) {
          problems.add(
              "a failed statement changed the registry: "
                  + printable(sql)
                  + "\n    before: "
                  + registry
                  + "\n    after: "
                  + after);
          registry = after;
        }
      }
      if (i % 100 == 0) {
        assertThat(scalarLong(connection, "SELECT SUM(amount) FROM base"))
            .as("the server still serves")
            .isEqualTo(65);
      }
    }
    System.out.printf(
        "%d generated statements: %d ran, failures by SQLSTATE %s%n",
        MUTATIONS, succeeded, failuresByState);
    assertThat(problems).as("statements whose failure was not reported properly").isEmpty();
    assertThat(failuresByState.values().stream().mapToInt(Integer::intValue).sum())
        .as("most mutations are invalid")
        .isGreaterThan(MUTATIONS / 2);
    execute(connection, "CREATE TABLE after_the_storm AS SELECT COUNT(*) AS n FROM base");
    assertThat(scalarLong(connection, "SELECT n FROM after_the_storm")).isEqualTo(3);
  }

  /** What is wrong with how a failure was reported, or null when it says what and where. */
  private static String problemWith(SQLException e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return "empty message";
    }
    if (e.getSQLState() == null || e.getSQLState().equals("XX000")) {
      return "internal error (SQLSTATE " + e.getSQLState() + ")";
    }
    if (message.contains("java.lang.")
        || message.contains("NullPointerException")
        || message.contains("IndexOutOfBounds")
        || message.contains("ClassCast")) {
      return "a Java exception leaked into the message";
    }
    boolean nothingToPointAt =
        message.contains("the statement is empty") || message.contains("holds no statement");
    if (e.getSQLState().equals("42000")
        && !nothingToPointAt
        && !(message.contains("line ") && message.contains("column "))) {
      return "a syntax error that does not say where";
    }
    return null;
  }

  private String mutate(Random random, int index) {
    String template =
        TEMPLATES.get(random.nextInt(TEMPLATES.size())).replace("#", String.valueOf(index));
    int kind = random.nextInt(12);
    return switch (kind) {
      case 0 -> deleteSpan(random, template);
      case 1, 2 -> insertAt(random, template, INSERTIONS.get(random.nextInt(INSERTIONS.size())));
      case 3 -> insertAt(random, template, " " + TOKENS.get(random.nextInt(TOKENS.size())) + " ");
      case 4 -> template.substring(0, random.nextInt(template.length()));
      case 5 -> swapTwoWords(random, template);
      case 6 ->
          template.replaceFirst(
              "(AS SELECT|AS WITH)",
              "WITH (" + BAD_PROPERTIES.get(random.nextInt(BAD_PROPERTIES.size())) + ") $1");
      case 7 -> template.replace("m_" + index, "m_" + "x".repeat(200 + random.nextInt(20_000)));
      case 8 -> UNSUPPORTED.get(random.nextInt(UNSUPPORTED.size()));
      case 9 -> garbage(random);
      case 10 -> template.replace("base", random.nextBoolean() ? "missing_" + index : "\"base\"x");
      default ->
          template.replace(" AS ", random.nextBoolean() ? " AS AS " : " ").replace("FROM", "FORM");
    };
  }

  private static String deleteSpan(Random random, String sql) {
    int from = random.nextInt(sql.length());
    int to = Math.min(sql.length(), from + 1 + random.nextInt(6));
    return sql.substring(0, from) + sql.substring(to);
  }

  private static String insertAt(Random random, String sql, String insertion) {
    int at = random.nextInt(sql.length() + 1);
    return sql.substring(0, at) + insertion + sql.substring(at);
  }

  private static String swapTwoWords(Random random, String sql) {
    String[] words = sql.split(" ");
    int a = random.nextInt(words.length);
    int b = random.nextInt(words.length);
    String word = words[a];
    words[a] = words[b];
    words[b] = word;
    return String.join(" ", words);
  }

  private static String garbage(Random random) {
    byte[] bytes = new byte[1 + random.nextInt(300)];
    random.nextBytes(bytes);
    return random.nextBoolean()
        ? new String(bytes, StandardCharsets.UTF_8)
        : new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static String printable(String sql) {
    String oneLine = sql.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() <= 200
        ? oneLine
        : oneLine.substring(0, 200) + "... (" + sql.length() + " chars)";
  }

  private String registryFingerprint() throws SQLException {
    return rows(connection, "SELECT TABLE_NAME, STATUS FROM SYS.TABLES ORDER BY TABLE_NAME")
        .toString();
  }
}
