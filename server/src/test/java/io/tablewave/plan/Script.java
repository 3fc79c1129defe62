package io.tablewave.plan;

import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.Dependencies;
import io.tablewave.sql.DependencyExtractor;
import io.tablewave.sql.ParsedStatement;
import io.tablewave.sql.SqlScriptParser;
import io.tablewave.sql.TableProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The planner's input for a script of CTAS statements, parsed and analysed as the server does it.
 */
final class Script {
  private Script() {}

  static List<PlanInput> inputs(String script) {
    List<PlanInput> inputs = new ArrayList<>();
    for (ParsedStatement statement : new SqlScriptParser().parse(script)) {
      CreateTableAs create = (CreateTableAs) statement;
      Dependencies dependencies = new DependencyExtractor().extract(create.query());
      inputs.add(
          new PlanInput(
              inputs.size(),
              create,
              dependencies.tables(),
              Set.copyOf(TableProperties.parse(create.properties()).dependsOn()),
              dependencies.topics()));
    }
    return inputs;
  }

  /**
   * The 1-based line and column of the first {@code text} after the start of line {@code line} of
   * the script.
   */
  static String position(String script, int line, String text) {
    String[] lines = script.split("\n", -1);
    return "line " + line + ", column " + (lines[line - 1].indexOf(text) + 1);
  }
}
