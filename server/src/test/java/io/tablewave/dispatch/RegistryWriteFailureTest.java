package io.tablewave.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.tablewave.error.TablewaveException;
import io.tablewave.execute.LoadScheduler;
import io.tablewave.execute.RetiredTables;
import io.tablewave.execute.TableMaterializer;
import io.tablewave.metrics.LoadMetrics;
import io.tablewave.query.QueryEngine;
import io.tablewave.refresh.TableVersions;
import io.tablewave.registry.BatchEntry;
import io.tablewave.registry.RefreshEntry;
import io.tablewave.registry.Registry;
import io.tablewave.registry.RegistryHistory;
import io.tablewave.registry.RegistryRepository;
import io.tablewave.registry.RegistryTables;
import io.tablewave.security.Role;
import io.tablewave.source.kafka.KafkaCatalog;
import io.tablewave.sql.BatchStatement;
import io.tablewave.sql.SqlScriptParser;
import io.tablewave.store.Store;
import io.tablewave.store.StoreFactory;
import io.tablewave.store.StoreSettings;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A registry write that fails at any transition of a batch (registered, started, a table started,
 * loaded, failed, skipped, the batch finished) ends the batch with an error naming the store's
 * failure; the client never waits forever. The registry writes into a real DuckDB store whose
 * commits are made to fail one at a time.
 */
class RegistryWriteFailureTest {
  private static final String REFUSED = "commit refused for this test";
  private static final String BATCH =
      """
      CREATE TABLE ok_%1$s AS SELECT x FROM (VALUES (1), (2), (3)) AS t(x);
      CREATE TABLE bad_%1$s AS SELECT CAST(s AS INTEGER) AS n FROM (VALUES ('not a number')) AS t(s);
      CREATE TABLE skipped_%1$s AS SELECT n FROM bad_%1$s;
      CREATE TABLE after_%1$s AS SELECT SUM(x) AS total FROM ok_%1$s
      """;

  private Store store;
  private LoadScheduler scheduler;
  private RetiredTables retired;
  private FailingCommits commits;
  private Registry registry;
  private BatchService batches;
  private final SqlScriptParser parser = new SqlScriptParser();
  private final Session session = new Session("registry-failure", "test", Role.LOADER, 2);

  @BeforeEach
  void start(@TempDir Path dataDir) {
    store = StoreFactory.open(new StoreSettings(null, null, null, dataDir, "256MB", 8));
    commits = new FailingCommits(store.dataSource());
    registry =
        new Registry(new RegistryRepository(commits, store.registrySchema()), Clock.systemUTC());
    registry.open();
    scheduler = new LoadScheduler(2);
    retired = new RetiredTables(store, Duration.ofMinutes(1));
    QueryEngine engine = new QueryEngine(store, registry, java.util.Map.of());
    TableVersions versions = new TableVersions(store.dataSource(), store.registrySchema());
    versions.open();
    RegistryHistory<RefreshEntry> refreshes =
        new RegistryHistory<>(
            RegistryTables.REFRESHES,
            store.dataSource(),
            store.registrySchema(),
            new RegistryHistory.Retention(100, Duration.ofDays(1)),
            Clock.systemUTC(),
            RefreshEntry::refreshId,
            RefreshEntry::finishedAt,
            RefreshEntry::withId);
    refreshes.open();
    batches =
        new BatchService(
            registry,
            versions,
            refreshes,
            scheduler,
            new TableMaterializer(store, engine, new KafkaCatalog(null)),
            store,
            retired,
            TopicChecker.none(),
            engine,
            1000,
            Clock.systemUTC(),
            LoadMetrics.NONE);
  }

  @AfterEach
  void stop() {
    scheduler.close();
    registry.close();
    retired.close();
    store.close();
  }

  @Test
  void aFailedRegistryWriteAtAnyTransitionEndsTheBatchWithTheStoresError() throws Exception {
    int before = commits.count();
    Throwable clean = run("clean").get(60, TimeUnit.SECONDS);
    assertThat(clean)
        .as("without failures the batch ends incomplete (one table fails, one is skipped)")
        .isInstanceOf(TablewaveException.class)
        .hasMessageContaining("2 of 4 tables did not load");
    registry.flush();
    int transitions = commits.count() - before;
    // Four tables ended and the batch's end; its registration goes on its own, or with its first
    // table's end when that comes first.
    assertThat(transitions).as("registry commits of one batch").isBetween(5, 6);

    for (int failing = 1; failing <= transitions; failing++) {
      int start = commits.count();
      commits.failCommitNumber(start + failing);
      Throwable ended = run("f" + failing).get(60, TimeUnit.SECONDS);
      // What was refused in the background (the registration, the batch's end) goes to the
      // store with the next write.
      flushAfterARefusal();
      if (!commits.failed() && commits.count() - start < failing) {
        commits.failCommitNumber(-1);
        assertThat(failing)
            .as("only the last commit is missing, when the registration went with a table's end")
            .isEqualTo(6);
        break;
      }
      System.out.printf(
          "registry commit %d of the batch failed: %s%n",
          failing, ended == null ? "no error" : ended.getMessage().lines().findFirst().orElse(""));
      assertThat(ended)
          .as("the batch with its registry commit %d failing ends with an error", failing)
          .isInstanceOf(TablewaveException.class);
      assertThat(commits.failed()).as("commit %d was refused", failing).isTrue();
      if (!ended.getMessage().contains("did not load")) {
        assertThat(ended).hasMessageContaining(REFUSED);
      }
    }

    registry.flush();
    List<BatchEntry> stored =
        new RegistryRepository(store.dataSource(), store.registrySchema()).load().batches();
    assertThat(stored)
        .as("every batch's end reached the store, refused or not")
        .hasSize(registry.batches().size())
        .allSatisfy(b -> assertThat(b.status().isFinal()).as("batch %d", b.batchId()).isTrue());
    assertThat(stored)
        .extracting(BatchEntry::batchId, BatchEntry::status, BatchEntry::errorMessage)
        .containsExactlyInAnyOrderElementsOf(
            registry.batches().stream()
                .map(
                    b ->
                        org.assertj.core.groups.Tuple.tuple(
                            b.batchId(), b.status(), b.errorMessage()))
                .toList());
  }

  /** Writes what is pending, again when the flush's own commit was the one refused. */
  private void flushAfterARefusal() {
    try {
      registry.flush();
    } catch (TablewaveException e) {
      assertThat(e).hasMessageContaining(REFUSED);
      registry.flush();
    }
  }

  /**
   * Runs the batch on another thread; completes with how it ended (null when it loaded everything).
   */
  private CompletableFuture<Throwable> run(String suffix) {
    List<BatchStatement> statements =
        parser.parse(BATCH.formatted(suffix)).stream().map(BatchStatement.class::cast).toList();
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            batches.run(statements, session);
            return null;
          } catch (Throwable e) {
            return e;
          }
        });
  }

  /**
   * A data source whose commit number n (counted from the first) throws, as a store that fails
   * would.
   */
  private static final class FailingCommits implements DataSource {
    private final DataSource store;
    private final AtomicInteger commits = new AtomicInteger();
    private volatile int failing = -1;
    private volatile boolean failed;

    FailingCommits(DataSource store) {
      this.store = store;
    }

    int count() {
      return commits.get();
    }

    void failCommitNumber(int number) {
      failed = false;
      failing = number;
    }

    boolean failed() {
      return failed;
    }

    @Override
    public Connection getConnection() throws SQLException {
      return failing(store.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
      return failing(store.getConnection(username, password));
    }

    private Connection failing(Connection connection) {
      return (Connection)
          Proxy.newProxyInstance(
              FailingCommits.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (proxy, method, args) -> {
                if (method.getName().equals("commit") && commits.incrementAndGet() == failing) {
                  failed = true;
                  throw new SQLException(REFUSED, "08006");
                }
                try {
                  return method.invoke(connection, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
      return store.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
      store.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
      store.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
      return store.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      return store.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
      return store.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
      return store.isWrapperFor(type);
    }
  }
}
