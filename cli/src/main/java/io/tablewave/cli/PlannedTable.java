package io.tablewave.cli;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of {@code EXPLAIN <script>}: a table the batch will create, in which wave, and why it
 * would be refused.
 */
record PlannedTable(int statementIndex, String tableName, String action, int wave, String problem) {

  /** Plans the script on the server without running anything. */
  static List<PlannedTable> explain(Connection connection, String script) throws SQLException {
    List<PlannedTable> plan = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("EXPLAIN " + script)) {
      while (rows.next()) {
        plan.add(
            new PlannedTable(
                rows.getInt("STATEMENT_INDEX"),
                rows.getString("TABLE_NAME"),
                rows.getString("ACTION"),
                rows.getInt("WAVE"),
                rows.getString("PROBLEM")));
      }
    }
    return plan;
  }
}
