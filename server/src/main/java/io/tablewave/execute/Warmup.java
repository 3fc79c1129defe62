package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.error.Messages;
import io.tablewave.query.QueryEngine;
import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.DependencyExtractor;
import io.tablewave.sql.SqlScriptParser;
import io.tablewave.sql.TableProperties;
import io.tablewave.store.PhysicalNames;
import io.tablewave.store.Store;
import io.tablewave.store.TableWriter;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a small aggregate CTAS through the same code as a user's first one, so that the user does
 * not pay for class loading and Calcite's code generation: a system table is read, the script is
 * parsed and its properties and dependencies read, a few rows go through the store's bulk writer,
 * and the query is validated, planned and run both in the store and by Calcite into throwaway
 * physical tables. Nothing is registered: the tables carry a name no registry entry points to
 * (dropped at the end, or at the next start if the server stops meanwhile), so neither {@code
 * PUBLIC} nor the {@code SYS} tables ever show them. Runs on a thread of its own, never a load
 * worker; {@link #cancel()} stops it at once, and so does the first user statement ({@link
 * #giveWayToUsers()}).
 */
public final class Warmup implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  private static final String SOURCE = "WARMUP_SOURCE";
  private static final String SCRIPT =
      "CREATE TABLE warmup WITH ('on-bad-record' = 'skip', 'timeout' = '1m') AS\n"
          + "  SELECT g, COUNT(*) AS n, SUM(v) AS s, SUM(d) AS total, AVG(v) AS a, MIN(t) AS first_t\n"
          + "  FROM "
          + SOURCE
          + " WHERE v >= 0 GROUP BY g";
  private static final int ROWS = 1_000;

  private final SqlScriptParser parser;
  private final TableMaterializer materializer;
  private final QueryEngine queryEngine;
  private final Store store;
  private final CancellationToken token = new CancellationToken();
  private final Thread thread;

  public Warmup(
      SqlScriptParser parser,
      TableMaterializer materializer,
      QueryEngine queryEngine,
      Store store) {
    this.parser = requireNonNull(parser, "parser is null");
    this.materializer = requireNonNull(materializer, "materializer is null");
    this.queryEngine = requireNonNull(queryEngine, "queryEngine is null");
    this.store = requireNonNull(store, "store is null");
    this.thread = new Thread(this::runLogged, "tablewave-warmup");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
  }

  /** Starts warming up in the background and returns at once. */
  public void start() {
    thread.start();
  }

  /** Waits until the warm-up has ended; for tests and measurements. */
  public boolean await(long millis) throws InterruptedException {
    thread.join(millis);
    return !thread.isAlive();
  }

  /** Stops the warm-up: its running store statement is cancelled and its tables dropped. */
  public void cancel() {
    token.cancel("the server is stopping");
  }

  /**
   * Stops the warm-up, if it still runs, because a user's statement started: from then on it would
   * only take CPU and store connections from that statement, and keep working after the statement
   * was stopped.
   */
  public void giveWayToUsers() {
    if (thread.isAlive() && !token.isCancelled()) {
      token.cancel("a user's statement started");
    }
  }

  @Override
  public void close() {
    cancel();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void runLogged() {
    long started = System.nanoTime();
    try {
      run();
      LOG.debug(
          "warmed up the planner and the store in {} ms",
          (System.nanoTime() - started) / 1_000_000);
    } catch (RuntimeException | SQLException e) {
      if (token.isCancelled()) {
        LOG.debug("warm-up stopped: {}", token.reason());
      } else {
        // Only speed is at stake: the first statement pays for what did not warm up.
        LOG.info(
            "the warm-up at start did not finish, the first statement may be slower: {}",
            Messages.describe(e));
        LOG.debug("warm-up failure", e);
      }
    }
  }

  void run() throws SQLException {
    // First, and even when a user's statement arrives meanwhile, what the answer to a stopped or
    // failed statement needs (the driver reads SYS tables for it, and so does a watching client):
    // Calcite generates its metadata handlers and a system table query's code once per server,
    // which takes seconds of CPU on a cold server, the first query to need them waits for it, and
    // no
    // cancel reaches it.
    try (Connection connection = queryEngine.openConnection();
        Statement query = connection.createStatement();
        ResultSet rows =
            query.executeQuery("SELECT COUNT(*) FROM SYS.TABLES WHERE STATUS = 'ACTIVE'")) {
      while (rows.next()) {
        rows.getLong(1);
      }
    }
    CreateTableAs statement = (CreateTableAs) parser.parse(SCRIPT).get(0);
    TableProperties.parse(statement.properties());
    new DependencyExtractor().extract(statement.query());
    String base = PhysicalNames.table("TW_WARMUP", 0);
    String source = PhysicalNames.stagedTopic(base, 0);
    String inCalcite = PhysicalNames.stagedTopic(base, 1);
    List<String> tables = List.of(source, base, inCalcite);
    try {
      tables.forEach(store::dropTableIfExists);
      writeSource(source);
      Map<String, String> visible = Map.of(SOURCE, source);
      stopIfCancelled();
      materializer.materializeOver(base, statement.query(), visible, true, token);
      stopIfCancelled();
      materializer.materializeOver(inCalcite, statement.query(), visible, false, token);
    } finally {
      tables.forEach(store::dropTableIfExists);
    }
  }

  private void writeSource(String table) {
    List<Column> columns =
        List.of(
            Column.of("g", ColumnType.VARCHAR),
            Column.of("v", ColumnType.DOUBLE),
            new Column("d", ColumnType.DECIMAL, 12, 2, true),
            Column.of("t", ColumnType.TIMESTAMP),
            Column.of("i", ColumnType.BIGINT));
    LocalDateTime time = LocalDateTime.of(2026, 1, 1, 0, 0);
    try (TableWriter writer = store.openWriter(table, columns)) {
      for (int i = 0; i < ROWS; i++) {
        writer.accept(
            new Object[] {
              "g" + i % 10, i * 0.5, BigDecimal.valueOf(i, 2), time.plusSeconds(i), (long) i
            });
      }
      writer.finish();
    }
  }

  private void stopIfCancelled() {
    if (token.isCancelled()) {
      throw new IllegalStateException("cancelled: " + token.reason());
    }
  }
}
