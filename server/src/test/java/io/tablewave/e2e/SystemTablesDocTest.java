package io.tablewave.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.tablewave.testing.TestServer;
import io.tablewave.testing.TestStore;

import static io.tablewave.testing.Sql.executeBatch;
import static io.tablewave.testing.Sql.rows;
import static org.assertj.core.api.Assertions.assertThat;

/** Every example query of docs/system-tables.md runs against a real server. */
class SystemTablesDocTest {
  private static final Pattern SQL_BLOCK = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);

  @Test
  void everyExampleQueryRuns() throws Exception {
    String doc = Files.readString(Path.of("..", "docs", "system-tables.md"));
    List<String> statements = new ArrayList<>();
    Matcher matcher = SQL_BLOCK.matcher(doc);
    while (matcher.find()) {
      for (String statement : matcher.group(1).split(";")) {
        String sql = statement.lines().filter(line -> !line.strip().startsWith("--"))
            .reduce("", (a, b) -> a + "\n" + b).strip();
        if (!sql.isEmpty()) {
          statements.add(sql);
        }
      }
    }
    assertThat(statements).hasSizeGreaterThanOrEqualTo(9);
    try (TestServer server = TestServer.start(TestStore.DUCKDB); Connection connection = server.connect()) {
      executeBatch(connection, "CREATE TABLE orders AS SELECT * FROM (VALUES (1, 2.5)) AS t(id, amount)");
      for (String sql : statements) {
        assertThat(rows(connection, sql)).as(sql).isNotNull();
      }
    }
  }
}
