package io.tablewave.testing;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The DuckDB file of a stopped test server, read straight, as the server left it. */
public final class DuckDbFiles {
  private DuckDbFiles() {}

  /** A connection to the store file of a server whose data directory is {@code dataDir}. */
  public static Connection connect(Path dataDir) throws SQLException {
    return DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("tablewave.duckdb"));
  }

  /** The tables of the file's data schema. */
  public static List<String> storeTables(Path dataDir) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection duck = connect(dataDir);
        Statement statement = duck.createStatement();
        ResultSet result =
            statement.executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'")) {
      while (result.next()) {
        tables.add(result.getString(1));
      }
    }
    return tables;
  }
}
