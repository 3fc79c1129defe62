package io.tablewave.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.server.ServerOption;
import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code ```sql} block of the README and of {@code docs/} runs against a demo-mode server,
 * one server per document, blocks in document order: consecutive CREATE and DROP statements go as
 * one batch (as a script does), every other statement runs on its own, and each must succeed.
 */
class DocsExamplesTest {
  private static final Pattern SQL_BLOCK =
      Pattern.compile("^```sql\\n(.*?)^```", Pattern.DOTALL | Pattern.MULTILINE);

  @TestFactory
  Stream<DynamicTest> everySqlExampleOfTheDocsRuns() throws IOException {
    List<Path> documents = new ArrayList<>(List.of(Path.of("..", "README.md")));
    try (Stream<Path> docs = Files.list(Path.of("..", "docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    List<Path> withExamples = new ArrayList<>();
    for (Path document : documents) {
      if (!blocks(Files.readString(document)).isEmpty()) {
        withExamples.add(document);
      }
    }
    assertThat(withExamples)
        .extracting(p -> p.getFileName().toString())
        .contains("README.md", "system-tables.md", "sql-reference.md", "dbeaver.md");
    return withExamples.stream()
        .map(
            document ->
                DynamicTest.dynamicTest(
                    document.getFileName().toString(), () -> runExamples(document)));
  }

  @Test
  void theConfigurationPageListsEveryServerOptionWithItsDefault() throws IOException {
    String page = Files.readString(Path.of("..", "docs", "configuration.md"));
    for (ServerOption option : ServerOption.values()) {
      String row =
          page.lines()
              .filter(line -> line.startsWith("| `--" + option.key()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError("docs/configuration.md has no row for --" + option.key()));
      assertThat(row).as(option.key()).contains(option.environmentVariable());
      if (option.defaultValue() != null) {
        assertThat(row).as(option.key()).contains("`" + option.defaultValue() + "`");
      }
    }
  }

  private static void runExamples(Path document) throws Exception {
    List<String> blocks = blocks(Files.readString(document));
    try (TestServer server = TestServer.start(TestStore.DUCKDB, Map.of(ServerOption.DEMO, "true"));
        Connection connection = server.connect()) {
      for (String block : blocks) {
        List<String> batch = new ArrayList<>();
        for (String sql : statements(block)) {
          if (isDdl(sql)) {
            batch.add(sql);
            continue;
          }
          submit(connection, batch, document);
          try (Statement statement = connection.createStatement()) {
            if (statement.execute(sql)) {
              try (ResultSet rows = statement.getResultSet()) {
                while (rows.next()) {
                  rows.getObject(1);
                }
              }
            }
          } catch (SQLException e) {
            throw new AssertionError(
                document.getFileName() + ": " + sql + "\nfailed: " + e.getMessage(), e);
          }
        }
        submit(connection, batch, document);
      }
    }
  }

  private static void submit(Connection connection, List<String> batch, Path document) {
    if (batch.isEmpty()) {
      return;
    }
    try (Statement statement = connection.createStatement()) {
      for (String sql : batch) {
        statement.addBatch(sql);
      }
      statement.executeBatch();
    } catch (SQLException e) {
      throw new AssertionError(
          document.getFileName()
              + ": the batch\n"
              + String.join(";\n", batch)
              + "\nfailed: "
              + e.getMessage(),
          e);
    }
    batch.clear();
  }

  private static boolean isDdl(String sql) {
    String first = sql.strip().split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
    return first.equals("CREATE") || first.equals("DROP");
  }

  private static List<String> blocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    Matcher matcher = SQL_BLOCK.matcher(markdown);
    while (matcher.find()) {
      blocks.add(matcher.group(1));
    }
    return blocks;
  }

  /**
   * The statements of a block: line comments removed, split at semicolons outside string literals.
   */
  static List<String> statements(String block) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < block.length(); i++) {
      char c = block.charAt(i);
      if (c == '\'') {
        quoted = !quoted;
      } else if (!quoted && c == '-' && i + 1 < block.length() && block.charAt(i + 1) == '-') {
        while (i < block.length() && block.charAt(i) != '\n') {
          i++;
        }
        current.append('\n');
        continue;
      } else if (!quoted && c == ';') {
        add(statements, current);
        continue;
      }
      current.append(c);
    }
    add(statements, current);
    return statements;
  }

  private static void add(List<String> statements, StringBuilder current) {
    String sql = current.toString().strip();
    if (!sql.isEmpty()) {
      statements.add(sql);
    }
    current.setLength(0);
  }
}
