package io.tablewave.plan;

import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.TableName;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;

/** Builds the planner's input for a batch written as a list of statements. */
final class Batch {
  private static final SqlNode QUERY = parse("SELECT 1");

  private final List<Statement> statements = new ArrayList<>();

  /** {@code CREATE TABLE name AS SELECT ... FROM reads...}. */
  Statement create(String name, String... reads) {
    Statement statement = new Statement(statements.size(), name);
    statement.reads(reads);
    statements.add(statement);
    return statement;
  }

  Statement orReplace(String name, String... reads) {
    Statement statement = create(name, reads);
    statement.orReplace = true;
    return statement;
  }

  Statement ifNotExists(String name, String... reads) {
    Statement statement = create(name, reads);
    statement.ifNotExists = true;
    return statement;
  }

  List<PlanInput> inputs() {
    return statements.stream().map(Statement::input).toList();
  }

  private static SqlNode parse(String sql) {
    try {
      return SqlParser.create(sql).parseQuery();
    } catch (SqlParseException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One CTAS of the batch. */
  static final class Statement {
    private final int index;
    private final String name;
    private final Set<TableName> reads = new LinkedHashSet<>();
    private final Set<TableName> dependsOn = new LinkedHashSet<>();
    private final Set<String> topics = new LinkedHashSet<>();
    private final Map<String, String> properties = new LinkedHashMap<>();
    private boolean orReplace;
    private boolean ifNotExists;
    private int line;

    private Statement(int index, String name) {
      this.index = index;
      this.name = name;
      this.line = index + 1;
    }

    Statement reads(String... tables) {
      for (String table : tables) {
        reads.add(new TableName(table));
      }
      return this;
    }

    Statement dependsOn(String... tables) {
      for (String table : tables) {
        dependsOn.add(new TableName(table));
      }
      properties.put("depends_on", String.join(",", tables));
      return this;
    }

    Statement topics(String... names) {
      topics.addAll(List.of(names));
      return this;
    }

    Statement property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    Statement line(int line) {
      this.line = line;
      return this;
    }

    PlanInput input() {
      CreateTableAs statement =
          new CreateTableAs(
              new TableName(name),
              orReplace,
              ifNotExists,
              properties,
              QUERY,
              "CREATE TABLE " + name + " AS SELECT 1",
              line,
              1);
      return new PlanInput(index, statement, reads, dependsOn, topics);
    }
  }
}
