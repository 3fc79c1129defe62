package io.tablewave.dispatch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.execute.AppendRequest;
import io.tablewave.execute.BatchExecution;
import io.tablewave.execute.BatchListener;
import io.tablewave.execute.BatchOutcome;
import io.tablewave.execute.BatchPriority;
import io.tablewave.execute.CancellationToken;
import io.tablewave.execute.DownstreamRequest;
import io.tablewave.execute.LoadLimits;
import io.tablewave.execute.LoadProgress;
import io.tablewave.execute.LoadScheduler;
import io.tablewave.execute.MaterializeRequest;
import io.tablewave.execute.Materialized;
import io.tablewave.execute.PendingAppend;
import io.tablewave.execute.RetiredTables;
import io.tablewave.execute.TableMaterializer;
import io.tablewave.execute.TaskOutcome;
import io.tablewave.execute.TaskSpec;
import io.tablewave.metrics.LoadMetrics;
import io.tablewave.plan.Action;
import io.tablewave.plan.BatchPlan;
import io.tablewave.plan.BatchPlanner;
import io.tablewave.plan.Catalog;
import io.tablewave.plan.ExplainRow;
import io.tablewave.plan.PlanInput;
import io.tablewave.plan.PlannedTable;
import io.tablewave.query.QueryEngine;
import io.tablewave.refresh.AggregateMerge;
import io.tablewave.refresh.BatchItem;
import io.tablewave.refresh.RefreshAction;
import io.tablewave.refresh.RefreshExpander;
import io.tablewave.refresh.RefreshMode;
import io.tablewave.refresh.RefreshReasons;
import io.tablewave.refresh.TableVersion;
import io.tablewave.refresh.TableVersions;
import io.tablewave.refresh.UpToDateCheck;
import io.tablewave.registry.AppendedRows;
import io.tablewave.registry.BatchEntry;
import io.tablewave.registry.BatchStatus;
import io.tablewave.registry.BatchTableEntry;
import io.tablewave.registry.BatchTableStatus;
import io.tablewave.registry.DependencyEdge;
import io.tablewave.registry.DependencyKind;
import io.tablewave.registry.DependencyOrigin;
import io.tablewave.registry.Health;
import io.tablewave.registry.KafkaOffsetEntry;
import io.tablewave.registry.LoadedTable;
import io.tablewave.registry.RefreshEntry;
import io.tablewave.registry.Registry;
import io.tablewave.registry.RegistryHistory;
import io.tablewave.registry.RegistryTransaction;
import io.tablewave.registry.TableEntry;
import io.tablewave.registry.TableStatus;
import io.tablewave.sql.BatchStatement;
import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.Dependencies;
import io.tablewave.sql.DependencyExtractor;
import io.tablewave.sql.Durations;
import io.tablewave.sql.SecretProperties;
import io.tablewave.sql.SqlScriptParser;
import io.tablewave.sql.TableName;
import io.tablewave.sql.TableProperties;
import io.tablewave.store.PhysicalNames;
import io.tablewave.store.Store;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a list of CTAS statements into a batch: plans it (rejecting it whole when anything is
 * wrong), registers it, runs it on the scheduler and waits for its outcome.
 */
public final class BatchService {
  private static final Logger LOG = LoggerFactory.getLogger(BatchService.class);

  /**
   * How many planned batch graphs are kept for the live page; older batches are drawn from the
   * registry.
   */
  private static final int RECENT_SHAPES = 256;

  private final Registry registry;
  private final LoadScheduler scheduler;
  private final TableMaterializer materializer;
  private final LoadMetrics metrics;
  private final Store store;
  private final RetiredTables retired;
  private final TopicChecker topics;
  private final QueryEngine engine;
  private final int capacity;
  private final Clock clock;
  private final BatchPlanner planner = new BatchPlanner();
  private final DependencyExtractor extractor = new DependencyExtractor();
  private final RefreshExpander expander;
  private final TableVersions versions;
  private final RegistryHistory<RefreshEntry> refreshes;
  private final UpToDateCheck upToDate;
  private final ObjectMapper json = new ObjectMapper();
  private final Map<Long, BatchExecution> running = new ConcurrentHashMap<>();
  private final Map<String, BatchExecution> runningBySession = new ConcurrentHashMap<>();
  private final RecentBatchShapes shapes = new RecentBatchShapes(RECENT_SHAPES);

  public BatchService(
      Registry registry,
      TableVersions versions,
      RegistryHistory<RefreshEntry> refreshes,
      LoadScheduler scheduler,
      TableMaterializer materializer,
      Store store,
      RetiredTables retired,
      TopicChecker topics,
      QueryEngine engine,
      int capacity,
      Clock clock,
      LoadMetrics metrics) {
    this.registry = requireNonNull(registry, "registry is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.scheduler = requireNonNull(scheduler, "scheduler is null");
    this.materializer = requireNonNull(materializer, "materializer is null");
    this.store = requireNonNull(store, "store is null");
    this.retired = requireNonNull(retired, "retired is null");
    this.topics = requireNonNull(topics, "topics is null");
    this.engine = requireNonNull(engine, "engine is null");
    this.capacity = capacity;
    this.clock = requireNonNull(clock, "clock is null");
    this.expander = new RefreshExpander(registry, new SqlScriptParser());
    this.versions = requireNonNull(versions, "versions is null");
    this.refreshes = requireNonNull(refreshes, "refreshes is null");
    this.upToDate = new UpToDateCheck(registry, versions, store.kind());
  }

  /** What a finished batch loaded. */
  public record BatchResult(long batchId, long[] rowCounts) {}

  /**
   * Plans the statements as one batch without running anything: one row per table, in the order of
   * the statements, a REFRESH giving a row for each table it reloads.
   */
  public List<ExplainRow> explain(List<BatchStatement> statements) {
    List<BatchItem> items = expander.expand(statements);
    List<Analyzed> analyzed = analyze(items);
    TopicChecker look = topics.forBatch();
    BatchPlan plan = planner.plan(analyzed.stream().map(Analyzed::input).toList(), catalog(look));
    Set<String> rebuilt = new HashSet<>();
    Map<Integer, Boolean> predictedUpToDate = new HashMap<>();
    Set<Integer> predictedIncremental = new HashSet<>();
    // The tables the refresh is expected to append to, whose new rows their readers may follow.
    Set<String> appendedTo = new HashSet<>();
    plan.tables().stream()
        .filter(t -> t.wave() > 0)
        .sorted(Comparator.comparingInt(PlannedTable::wave))
        .forEach(
            table -> {
              Analyzed input = analyzed.get(table.statementIndex());
              boolean fresh =
                  table.action() == Action.REPLACE
                      && !plan.isRejected()
                      && items.get(table.statementIndex()).mode() != RefreshMode.REFRESH_FULL
                      && table.batchDependencies().stream()
                          .noneMatch(d -> rebuilt.contains(d.key()))
                      && upToDate
                          .current(
                              input.input().statement(), input.dependencies(), look::dataVersion)
                          .map(v -> upToDate.upToDate(input.input().statement(), v))
                          .orElse(false);
              predictedUpToDate.put(table.statementIndex(), fresh);
              boolean refreshed =
                  !fresh
                      && table.action() == Action.REPLACE
                      && items.get(table.statementIndex()).mode() == RefreshMode.REFRESH;
              CreateTableAs statement = input.input().statement();
              Optional<RefreshReasons.Downstream> shape =
                  RefreshReasons.downstream(statement.query(), input.dependencies());
              if (refreshed
                  && shape.isPresent()
                  && appendedTo.contains(input.dependencies().tables().iterator().next().key())
                  && upToDate
                      .current(statement, input.dependencies(), look::dataVersion)
                      .map(v -> upToDate.upToDate(statement, v))
                      .orElse(false)) {
                // It holds what its query gives over its input's load, to which this refresh
                // appends.
                predictedIncremental.add(table.statementIndex());
                if (shape.get() == RefreshReasons.Downstream.APPEND) {
                  appendedTo.add(table.name().key());
                }
              } else if (refreshed
                  && upToDate
                      .current(statement, input.dependencies(), look::dataVersion)
                      .flatMap(v -> appendBasis(statement, input.dependencies(), v))
                      .isPresent()) {
                predictedIncremental.add(table.statementIndex());
                appendedTo.add(table.name().key());
              }
              if (!fresh) {
                rebuilt.add(table.name().key());
              }
            });
    List<ExplainRow> rows = new ArrayList<>();
    for (ExplainRow row : plan.explain()) {
      BatchItem item = items.get(row.statementIndex());
      String action =
          predictedUpToDate.getOrDefault(row.statementIndex(), false)
              ? RefreshAction.UP_TO_DATE.name()
              : item.mode() == RefreshMode.STATEMENT
                  ? row.action()
                  : predictedIncremental.contains(row.statementIndex())
                      ? RefreshAction.REFRESH_INCREMENTAL.name()
                      : RefreshAction.REFRESH_FULL.name();
      rows.add(
          new ExplainRow(
              item.statementIndex(),
              row.tableName(),
              action,
              row.wave(),
              row.dependsOn(),
              row.sources(),
              row.problem()));
    }
    // Tables no statement names (downstream of a replaced one) come last.
    rows.sort(
        Comparator.comparingInt(
            row -> row.statementIndex() < 0 ? Integer.MAX_VALUE : row.statementIndex()));
    return List.copyOf(rows);
  }

  /**
   * Runs the statements as one batch and waits for it.
   *
   * @return rows loaded per statement, in submission order (a REFRESH: the rows of all its tables)
   * @throws TablewaveException when the batch is rejected, or {@link ErrorCode#BATCH_INCOMPLETE}
   *     when some tables failed or were skipped
   */
  public BatchResult run(List<BatchStatement> submitted, Session session) {
    return run(submitted, session, BatchPriority.USER, RefreshLog.inRegistry(refreshes));
  }

  /**
   * Runs a batch the server submits by itself (the refresh of a continuous table) and waits for it:
   * as {@link #run(List, Session)}, but its tasks take the workers user batches leave ({@link
   * BatchPriority#BACKGROUND}), each table's refresh goes to {@code history} instead of {@code
   * SYS.REFRESHES}, and the batch leaves {@code SYS.BATCHES} once it has ended.
   */
  public BatchResult runBackground(
      List<BatchStatement> submitted, Session session, Consumer<RefreshEntry> history) {
    requireNonNull(history, "history is null");
    return run(submitted, session, BatchPriority.BACKGROUND, RefreshLog.collected(history));
  }

  private BatchResult run(
      List<BatchStatement> submitted, Session session, BatchPriority priority, RefreshLog history) {
    if (submitted.isEmpty()) {
      return new BatchResult(0, new long[0]);
    }
    TopicChecker look = topics.forBatch();
    PlanningCatalog catalog = catalog(look);
    // Sampling topics reads Kafka: done before the planning lock, which other batches wait for, for
    // the
    // statements known without the registry (the tables a REFRESH reloads are sampled under the
    // lock).
    catalog.sampleTopics(
        submitted.stream()
            .filter(CreateTableAs.class::isInstance)
            .map(CreateTableAs.class::cast)
            .toList());
    Registered registered =
        registry.underPlanningLock(
            () -> {
              List<BatchItem> items = expander.expand(submitted);
              return register(items, analyze(items), catalog, look, session, history);
            });
    List<BatchItem> items = registered.items();
    List<Analyzed> analyzed = registered.analyzed();
    List<CreateTableAs> statements = items.stream().map(BatchItem::statement).toList();
    Optional<Duration> batchTimeout = session.batchTimeout();
    long batchId = registered.batchId();
    LOG.info(
        "batch {} planned: {} tables in {} waves, parallelism {}",
        batchId,
        statements.size(),
        registered.plan().waveCount(),
        session.parallelism());
    registry.batchStarted(batchId);
    BatchExecution execution =
        scheduler.prepare(
            batchId,
            priority,
            tasks(registered, analyzed),
            session.parallelism(),
            (task, token) -> load(registered, analyzed.get(task.id()), token),
            new Listener(batchId, registered));
    // Findable before any table starts loading: SYS.BATCH_TABLES may show a table LOADING (and a
    // CANCEL BATCH be sent for it) as soon as the execution starts.
    running.put(batchId, execution);
    runningBySession.put(session.id(), execution);
    execution.start();
    // Statement.cancel() may have come while the batch was being planned, before it could be found
    // to cancel.
    session.queries().stopped().ifPresent(execution::cancel);
    ScheduledFuture<?> deadline =
        batchTimeout
            .map(
                limit ->
                    scheduler.schedule(
                        () ->
                            execution.expire(
                                "timed out after "
                                    + Durations.format(limit)
                                    + " (the statement's query timeout)"),
                        limit))
            .orElse(null);
    BatchOutcome outcome;
    try {
      outcome = execution.completion().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      execution.cancel("the client stopped waiting for batch " + batchId);
      throw new TablewaveException(
          ErrorCode.CANCELLED, "batch " + batchId + " was cancelled: interrupted", e);
    } catch (ExecutionException e) {
      // The batch ran to its end, but the registry could not record all of it: say so, with the
      // store's error.
      ErrorCode code =
          e.getCause() instanceof TablewaveException failure
              ? failure.errorCode()
              : ErrorCode.INTERNAL_ERROR;
      throw new TablewaveException(
          code,
          "batch "
              + batchId
              + " ended, but "
              + e.getCause().getMessage()
              + "; SYS.BATCHES and SYS.TABLES may not show how it ended until the server restarts",
          e.getCause());
    } finally {
      if (deadline != null) {
        deadline.cancel(false);
      }
      running.remove(batchId);
      runningBySession.remove(session.id(), execution);
      if (priority == BatchPriority.BACKGROUND && execution.completion().isDone()) {
        forget(batchId);
      }
    }
    return result(batchId, items, submitted.size(), outcome);
  }

  private void forget(long batchId) {
    try {
      registry.forgetBatch(batchId);
    } catch (RuntimeException e) {
      LOG.warn(
          "background batch {} ended but stays in SYS.BATCHES: it could not be removed: {}",
          batchId,
          e.getMessage());
    }
  }

  /** The planned graph of a recent batch of this server's run; empty for older ones. */
  public Optional<BatchShape> shape(long batchId) {
    return shapes.shape(batchId);
  }

  /** Cancels a running batch. */
  public void cancel(long batchId, String reason) {
    BatchExecution execution = running.get(batchId);
    if (execution == null) {
      throw registry
          .batch(batchId)
          .map(
              b ->
                  new TablewaveException(
                      ErrorCode.BATCH_NOT_RUNNING,
                      "cannot cancel batch "
                          + batchId
                          + ": it is "
                          + b.status()
                          + " (see SYS.BATCHES)"))
          .orElseGet(
              () ->
                  new TablewaveException(
                      ErrorCode.BATCH_NOT_FOUND,
                      "cannot cancel batch " + batchId + ": it does not exist (see SYS.BATCHES)"));
    }
    execution.cancel(reason);
  }

  /**
   * Cancels the batch a client connection is running, if any.
   *
   * @return whether a batch was running
   */
  public boolean cancelSession(String sessionId, String reason) {
    BatchExecution execution = runningBySession.get(sessionId);
    if (execution == null) {
      return false;
    }
    execution.cancel(reason);
    return true;
  }

  private record Analyzed(PlanInput input, Dependencies dependencies, TableProperties properties) {}

  /**
   * @param look what the batch asks about topics: it looks at each topic once
   * @param incremental the tables this batch refreshed incrementally, by key, with the offset
   *     ranges each read
   * @param deltas the rows this batch appended to a table, by the table's key, kept for the tables
   *     downstream of it in the batch until the batch ends
   */
  private record Registered(
      long batchId,
      BatchPlan plan,
      Map<String, Integer> indexByName,
      List<BatchItem> items,
      List<Analyzed> analyzed,
      TopicChecker look,
      RefreshLog refreshes,
      Set<String> refreshesRecorded,
      Map<String, String> incremental,
      Map<String, InputDelta> deltas) {

    /** Whether a table of this batch reads {@code table}. */
    boolean readInBatch(TableName table) {
      return plan.tables().stream()
          .anyMatch(t -> t.batchDependencies().stream().anyMatch(d -> d.key().equals(table.key())));
    }
  }

  /**
   * The rows an incremental refresh of this batch appended to a table.
   *
   * @param previousLoadId the table's load id before this batch appended to it
   * @param deltaTable the store table that holds the appended rows (and only them)
   */
  private record InputDelta(long previousLoadId, String deltaTable) {}

  private List<Analyzed> analyze(List<BatchItem> items) {
    List<Analyzed> analyzed = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      CreateTableAs statement = items.get(i).statement();
      Dependencies dependencies = extractor.extract(statement.query());
      TableProperties properties;
      try {
        properties = TableProperties.parse(statement.properties());
      } catch (TablewaveException e) {
        throw new TablewaveException(
            e.errorCode(),
            "Table "
                + statement.table().name()
                + " (statement "
                + (i + 1)
                + ", line "
                + statement.line()
                + "): "
                + e.getMessage(),
            e);
      }
      PlanInput input =
          new PlanInput(
              i,
              statement,
              dependencies.tables(),
              Set.copyOf(properties.dependsOn()),
              dependencies.topics());
      analyzed.add(new Analyzed(input, dependencies, properties));
    }
    return analyzed;
  }

  private PlanningCatalog catalog(TopicChecker look) {
    return new PlanningCatalog(registry, engine, look, capacity);
  }

  private Registered register(
      List<BatchItem> items,
      List<Analyzed> analyzed,
      Catalog catalog,
      TopicChecker look,
      Session session,
      RefreshLog refreshes) {
    BatchPlan plan = planner.plan(analyzed.stream().map(Analyzed::input).toList(), catalog);
    plan.throwIfRejected();
    long batchId = registry.nextBatchId();
    Instant now = clock.instant();
    List<BatchTableEntry> entries = new ArrayList<>();
    List<TableEntry> reserved = new ArrayList<>();
    Map<String, Integer> indexByName = new HashMap<>();
    for (PlannedTable table : plan.tables()) {
      indexByName.put(table.name().key(), table.statementIndex());
      entries.add(
          new BatchTableEntry(
              batchId,
              table.name().name(),
              items.get(table.statementIndex()).statementIndex(),
              table.wave(),
              BatchTableStatus.PENDING,
              0,
              null,
              null,
              null,
              null,
              null,
              0));
      if (table.action() == Action.CREATE) {
        CreateTableAs statement = analyzed.get(table.statementIndex()).input().statement();
        reserved.add(
            new TableEntry(
                table.name().name(),
                PhysicalNames.table(table.name().name(), batchId),
                TableStatus.LOADING,
                Health.HEALTHY,
                null,
                0,
                SecretProperties.maskedText(statement),
                propertiesJson(statement.properties()),
                batchId,
                table.wave(),
                now,
                now,
                0,
                0,
                null));
      }
    }
    BatchEntry batch =
        new BatchEntry(
            batchId,
            BatchStatus.PLANNED,
            now,
            null,
            plan.tables().size(),
            0,
            0,
            0,
            plan.waveCount(),
            session.parallelism(),
            session.userName(),
            null);
    shapes.remember(shape(batchId, plan));
    registry.registerBatch(batch, entries, reserved);
    // the submitting connection learns its batch id from its session, whatever statement made the
    // batch
    session.batches().submitted(batchId);
    return new Registered(
        batchId,
        plan,
        indexByName,
        items,
        analyzed,
        look,
        refreshes,
        ConcurrentHashMap.newKeySet(),
        new ConcurrentHashMap<>(),
        new ConcurrentHashMap<>());
  }

  private static BatchShape shape(long batchId, BatchPlan plan) {
    List<BatchShape.Table> tables = new ArrayList<>();
    for (PlannedTable table : plan.tables()) {
      tables.add(
          new BatchShape.Table(
              table.name().name(),
              table.statementIndex(),
              SecretProperties.maskedText(table.statement()),
              table.batchDependencies().stream().map(TableName::name).sorted().toList(),
              List.copyOf(table.topics())));
    }
    return new BatchShape(batchId, tables);
  }

  private List<TaskSpec> tasks(Registered registered, List<Analyzed> analyzed) {
    List<TaskSpec> tasks = new ArrayList<>();
    for (PlannedTable table : registered.plan().tables()) {
      Set<Integer> dependsOn = new HashSet<>();
      for (TableName dependency : table.batchDependencies()) {
        dependsOn.add(registered.indexByName().get(dependency.key()));
      }
      List<TaskSpec.Awaited> awaited =
          table.awaitedDependencies().stream()
              .sorted()
              .map(name -> new TaskSpec.Awaited(name.name(), registry.firstLoad(name.name())))
              .toList();
      TableProperties properties = analyzed.get(table.statementIndex()).properties();
      tasks.add(
          new TaskSpec(
              table.statementIndex(),
              table.name().name(),
              dependsOn,
              awaited,
              table.remainingWork(),
              table.action() == Action.KEEP_EXISTING,
              new LoadLimits(properties.timeout(), properties.retries())));
    }
    return tasks;
  }

  private long load(Registered registered, Analyzed analyzed, CancellationToken token)
      throws Exception {
    long batchId = registered.batchId();
    PlannedTable table = registered.plan().tables().get(analyzed.input().statementIndex());
    CreateTableAs statement = analyzed.input().statement();
    String physical = PhysicalNames.table(table.name().name(), batchId);
    RefreshMode mode = registered.items().get(analyzed.input().statementIndex()).mode();
    Optional<TableVersion> current =
        upToDate.current(statement, analyzed.dependencies(), registered.look()::dataVersion);
    if (table.action() == Action.REPLACE
        && mode != RefreshMode.REFRESH_FULL
        && current.isPresent()
        && upToDate.upToDate(statement, current.get())) {
      registry.tableUpToDate(batchId, table.name().name());
      LOG.info(
          "batch {} table {} up to date: neither its statement nor its inputs changed",
          batchId,
          table.name());
      return 0;
    }
    // Why a table that would follow its input is rebuilt in full instead, when it is.
    AtomicReference<String> fallback = new AtomicReference<>();
    if (table.action() == Action.REPLACE && mode == RefreshMode.REFRESH && current.isPresent()) {
      Optional<Long> followed = followInput(registered, analyzed, current.get(), token, fallback);
      if (followed.isPresent()) {
        return followed.get();
      }
      Optional<Long> appended = append(registered, analyzed, current.get(), token);
      if (appended.isPresent()) {
        return appended.get();
      }
    }
    long started = System.nanoTime();
    Materialized built;
    try {
      String name = table.name().name();
      int index = table.statementIndex();
      MaterializeRequest request =
          new MaterializeRequest(
              batchId,
              statement,
              analyzed.dependencies(),
              physical,
              registered.plan().columnsOf(index).orElse(List.of()),
              registered.plan().topicColumnsOf(index));
      built =
          materializer.materialize(
              request,
              token,
              new LoadProgress() {
                @Override
                public void rowsExpected(long rows) {
                  registry.expectRows(batchId, name, rows);
                }

                @Override
                public void rowsLoaded(long rows) {
                  registry.rowsLoaded(batchId, name, rows);
                }
              });
      if (token.isCancelled()) {
        throw new TablewaveException(ErrorCode.CANCELLED, token.reason());
      }
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      LoadedTable loaded =
          new LoadedTable(
              physical,
              built.rowCount(),
              SecretProperties.maskedText(statement),
              propertiesJson(statement.properties()),
              table.wave(),
              millis,
              built.badRecords(),
              built.issues(),
              edges(table),
              built.kafkaOffsets());
      TableVersion version =
          current
              .orElseGet(() -> upToDate.unversioned(statement, analyzed.dependencies()))
              .loadedBy(batchId);
      swapIn(
          registered,
          table.name(),
          loaded,
          fallback.get() == null
              ? version
              : version.withRefreshReason(
                  version.refreshReason() + "; rebuilt in full this time: " + fallback.get()));
      LOG.info(
          "batch {} table {} loaded: {} rows in {} ms",
          batchId,
          table.name(),
          built.rowCount(),
          millis);
      return built.rowCount();
    } catch (Exception | Error e) {
      dropQuietly(physical);
      dropQuietly(PhysicalNames.state(physical));
      throw e;
    }
  }

  /**
   * Refreshes an append-eligible table incrementally: the rows of the records after its recorded
   * offsets are appended, and the table's offsets, row count, load id and version committed with
   * them in one store transaction. Empty when the table cannot be refreshed so (it is rebuilt in
   * full then): its statement changed, its columns changed, or what it last read is not known.
   */
  private Optional<Long> append(
      Registered registered, Analyzed analyzed, TableVersion current, CancellationToken token)
      throws SQLException {
    long batchId = registered.batchId();
    CreateTableAs statement = analyzed.input().statement();
    PlannedTable table = registered.plan().tables().get(analyzed.input().statementIndex());
    Optional<AppendBasis> basis = appendBasis(statement, analyzed.dependencies(), current);
    if (basis.isEmpty()) {
      return Optional.empty();
    }
    TableEntry entry = basis.get().entry();
    String name = entry.name();
    int index = table.statementIndex();
    long started = System.nanoTime();
    AppendRequest request =
        new AppendRequest(
            new MaterializeRequest(
                batchId,
                statement,
                analyzed.dependencies(),
                PhysicalNames.table(table.name().name(), batchId),
                registered.plan().columnsOf(index).orElse(List.of()),
                registered.plan().topicColumnsOf(index)),
            name,
            entry.physicalName(),
            basis.get().recorded().topicIds(),
            basis.get().offsets(),
            registered.look().look(),
            registered.readInBatch(table.name()));
    // Until it is known to fall back to a full rebuild, the refresh is recorded as incremental.
    registered.incremental().put(table.name().key(), "");
    Optional<PendingAppend> prepared =
        materializer.prepareAppend(request, token, progress(batchId, table.name().name()));
    if (prepared.isEmpty()) {
      registered.incremental().remove(table.name().key());
      LOG.info(
          "batch {} table {}: its columns changed since its last load, so it is rebuilt in full",
          batchId,
          name);
      return Optional.empty();
    }
    PendingAppend pending = prepared.get();
    boolean kept = false;
    try {
      if (token.isCancelled()) {
        throw new TablewaveException(ErrorCode.CANCELLED, token.reason());
      }
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      commitAppend(
          registered,
          table.name(),
          entry.physicalName(),
          new AppendedRows(
              pending.rows(),
              millis,
              pending.badRecords(),
              pending.issues(),
              pending.offsetsAfter()),
          pending,
          current.loadedBy(batchId),
          token);
      registered.incremental().put(table.name().key(), pending.describeRanges());
      kept = keepDelta(registered, table.name(), entry.batchId(), pending);
      LOG.info(
          "batch {} table {} refreshed incrementally: {} rows appended in {} ms ({})",
          batchId,
          name,
          pending.rows(),
          millis,
          pending.describeRanges());
      return Optional.of(pending.rows());
    } finally {
      if (!kept) {
        pending.close();
      }
    }
  }

  /**
   * Appends the refresh's rows to {@code table}: in one store transaction with its registry rows,
   * its version and, when the batch's refresh log is kept in the registry, its row there.
   */
  private void commitAppend(
      Registered registered,
      TableName table,
      String physicalName,
      AppendedRows appended,
      PendingAppend pending,
      TableVersion version,
      CancellationToken token) {
    LoadRecord record =
        new LoadRecord(
            registered,
            table,
            version,
            RefreshReasons.INCREMENTAL,
            appended.rowsAppended(),
            pending.describeRanges());
    registry.tableAppended(
        registered.batchId(),
        table.name(),
        physicalName,
        appended,
        transaction -> {
          pending.appendTo(transaction.connection(), token);
          record.write(transaction);
        });
    record.committed();
  }

  /**
   * Swaps the table's new physical table in: in one store transaction with its version and, when
   * the batch's refresh log is kept in the registry, its row there.
   */
  private void swapIn(
      Registered registered, TableName table, LoadedTable loaded, TableVersion version) {
    String ranges = registered.incremental().get(table.key());
    LoadRecord record =
        new LoadRecord(
            registered,
            table,
            version,
            ranges != null ? RefreshReasons.INCREMENTAL : RefreshReasons.FULL,
            loaded.rowCount(),
            ranges);
    Optional<String> previous =
        registry.tableLoaded(registered.batchId(), table.name(), loaded, record::write);
    record.committed();
    previous.ifPresent(retired::retire);
  }

  /**
   * What a table's load records beside its registry rows, in the same transaction: its version, and
   * its refresh's row when the batch's refresh log is kept in the registry.
   */
  private final class LoadRecord {
    private final Registered registered;
    private final TableName table;
    private final TableVersion version;
    private final Optional<RegistryHistory<RefreshEntry>.Addition> refresh;

    /**
     * @param ranges the offset ranges read, null or empty when none
     */
    LoadRecord(
        Registered registered,
        TableName table,
        TableVersion version,
        String mode,
        long rows,
        String ranges) {
      this.registered = registered;
      this.table = table;
      this.version = version;
      this.refresh =
          registered
              .refreshes()
              .inTransaction(
                  new RefreshEntry(
                      0,
                      table.name(),
                      registered.batchId(),
                      mode,
                      startedAt(registered.batchId(), table.name()),
                      clock.instant(),
                      rows,
                      BatchTableStatus.SUCCEEDED.name(),
                      null,
                      ranges == null || ranges.isEmpty() ? null : ranges));
    }

    /** Writes the version and the refresh's row in the caller's transaction. */
    void write(RegistryTransaction transaction) throws SQLException {
      versions.write(transaction, version);
      if (refresh.isPresent()) {
        refresh.get().write(transaction);
      }
    }

    /** Takes both in once the transaction committed. */
    void committed() {
      versions.remember(version);
      if (refresh.isPresent()) {
        refresh.get().committed();
        registered.refreshesRecorded().add(table.key());
      }
    }
  }

  /** When {@code table} started loading in its batch, as SYS.BATCH_TABLES has it. */
  private Instant startedAt(long batchId, String table) {
    return registry
        .batchTable(batchId, table)
        .map(BatchTableEntry::startedAt)
        .orElseGet(clock::instant);
  }

  /**
   * Keeps the rows just appended to {@code table} for the tables of the batch that read it, until
   * the batch ends; returns whether they were kept (else the caller drops them).
   */
  private static boolean keepDelta(
      Registered registered, TableName table, long previousLoadId, PendingAppend pending) {
    Optional<String> deltaTable = pending.deltaTable();
    if (!registered.readInBatch(table) || deltaTable.isEmpty()) {
      return false;
    }
    registered.deltas().put(table.key(), new InputDelta(previousLoadId, deltaTable.get()));
    return true;
  }

  /**
   * Refreshes a table of one input table from the rows this batch appended to its input, when it
   * holds exactly what its query gave over the input's previous load: a filter or projection
   * appends its query over those rows, a mergeable aggregate merges their aggregate into its
   * groups. Empty when it cannot (it is rebuilt in full then): its query is neither, its input was
   * not appended to in this batch, or the table does not reflect the input's previous load (it
   * failed, was rebuilt, changed or is degraded since).
   */
  private Optional<Long> followInput(
      Registered registered,
      Analyzed analyzed,
      TableVersion current,
      CancellationToken token,
      AtomicReference<String> fallback)
      throws SQLException {
    CreateTableAs statement = analyzed.input().statement();
    Dependencies dependencies = analyzed.dependencies();
    Optional<RefreshReasons.Downstream> shape =
        RefreshReasons.downstream(statement.query(), dependencies);
    if (shape.isEmpty()) {
      return Optional.empty();
    }
    TableName input = dependencies.tables().iterator().next();
    InputDelta delta = registered.deltas().get(input.key());
    if (delta == null) {
      return Optional.empty();
    }
    boolean reflectsPreviousLoad =
        upToDate
            .current(
                statement,
                dependencies,
                Map.of(input.key(), delta.previousLoadId()),
                registered.look()::dataVersion)
            .map(before -> upToDate.upToDate(statement, before))
            .orElse(false);
    Optional<TableEntry> entry = registry.table(statement.table().name());
    if (!reflectsPreviousLoad || entry.isEmpty()) {
      return Optional.empty();
    }
    long batchId = registered.batchId();
    PlannedTable table = registered.plan().tables().get(analyzed.input().statementIndex());
    int index = table.statementIndex();
    String physical = PhysicalNames.table(table.name().name(), batchId);
    DownstreamRequest request =
        new DownstreamRequest(
            new MaterializeRequest(
                batchId,
                statement,
                dependencies,
                physical,
                registered.plan().columnsOf(index).orElse(List.of()),
                Map.of()),
            entry.get().physicalName(),
            input,
            delta.deltaTable());
    TableVersion version = current.loadedBy(batchId);
    registered.incremental().put(table.name().key(), "");
    Optional<Long> rows =
        shape.get() == RefreshReasons.Downstream.APPEND
            ? appendFollowing(registered, request, entry.get(), version, token)
            : mergeFollowing(registered, analyzed, request, version, token, fallback);
    if (rows.isEmpty()) {
      registered.incremental().remove(table.name().key());
      LOG.info(
          "batch {} table {}: {}, so it is rebuilt in full",
          batchId,
          table.name(),
          fallback.get() == null ? "its columns changed since its last load" : fallback.get());
    }
    return rows;
  }

  /** Appends the table's query over its input's new rows, in one transaction with its registry. */
  private Optional<Long> appendFollowing(
      Registered registered,
      DownstreamRequest request,
      TableEntry entry,
      TableVersion version,
      CancellationToken token)
      throws SQLException {
    long batchId = registered.batchId();
    String name = entry.name();
    long started = System.nanoTime();
    Optional<PendingAppend> prepared =
        materializer.prepareDownstreamAppend(request, token, progress(batchId, name));
    if (prepared.isEmpty()) {
      return Optional.empty();
    }
    PendingAppend pending = prepared.get();
    boolean kept = false;
    try {
      if (token.isCancelled()) {
        throw new TablewaveException(ErrorCode.CANCELLED, token.reason());
      }
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      commitAppend(
          registered,
          new TableName(name),
          entry.physicalName(),
          new AppendedRows(pending.rows(), millis, 0, null, List.of()),
          pending,
          version,
          token);
      kept = keepDelta(registered, new TableName(name), entry.batchId(), pending);
      LOG.info(
          "batch {} table {} refreshed incrementally from the rows appended to {}: {} rows"
              + " appended in {} ms",
          batchId,
          name,
          request.input().name(),
          pending.rows(),
          millis);
      return Optional.of(pending.rows());
    } finally {
      if (!kept) {
        pending.close();
      }
    }
  }

  /**
   * Builds the table anew from its groups and the aggregate of its input's new rows, and swaps it
   * in as a full rebuild is.
   */
  private Optional<Long> mergeFollowing(
      Registered registered,
      Analyzed analyzed,
      DownstreamRequest request,
      TableVersion version,
      CancellationToken token,
      AtomicReference<String> fallback)
      throws SQLException {
    long batchId = registered.batchId();
    PlannedTable table = registered.plan().tables().get(analyzed.input().statementIndex());
    CreateTableAs statement = analyzed.input().statement();
    String physical = request.build().physicalName();
    String name = table.name().name();
    AggregateMerge merge =
        AggregateMerge.of(statement.query())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "table " + name + " was planned as a mergeable aggregate but is not one"));
    Optional<String> blocked = materializer.averageBlocker(request, merge);
    if (blocked.isPresent()) {
      fallback.set(blocked.get());
      return Optional.empty();
    }
    long started = System.nanoTime();
    try {
      Optional<Materialized> built =
          materializer.mergeAggregate(request, merge, token, progress(batchId, name));
      if (built.isEmpty()) {
        return Optional.empty();
      }
      if (token.isCancelled()) {
        throw new TablewaveException(ErrorCode.CANCELLED, token.reason());
      }
      long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
      LoadedTable loaded =
          new LoadedTable(
              physical,
              built.get().rowCount(),
              SecretProperties.maskedText(statement),
              propertiesJson(statement.properties()),
              table.wave(),
              millis,
              0,
              null,
              edges(table),
              List.of());
      swapIn(registered, table.name(), loaded, version);
      LOG.info(
          "batch {} table {} refreshed incrementally: the aggregate of the rows appended to {}"
              + " merged into its groups, {} groups in {} ms",
          batchId,
          name,
          request.input().name(),
          built.get().rowCount(),
          millis);
      return Optional.of(built.get().rowCount());
    } catch (Exception | Error e) {
      dropQuietly(physical);
      dropQuietly(PhysicalNames.state(physical));
      throw e;
    }
  }

  /** What an incremental refresh of a table starts from. */
  private record AppendBasis(
      TableEntry entry, TableVersion recorded, List<KafkaOffsetEntry> offsets) {}

  /**
   * What an incremental refresh of the table would start from; empty when it is rebuilt in full:
   * its query is not append-eligible, it is not loaded, its statement changed since its last load,
   * or what it last read of a topic is not recorded.
   */
  private Optional<AppendBasis> appendBasis(
      CreateTableAs statement, Dependencies dependencies, TableVersion current) {
    if (!RefreshReasons.appendEligible(statement.query(), dependencies)) {
      return Optional.empty();
    }
    Optional<TableEntry> entry =
        registry.table(statement.table().name()).filter(e -> e.status() == TableStatus.ACTIVE);
    if (entry.isEmpty()) {
      return Optional.empty();
    }
    String name = entry.get().name();
    Optional<TableVersion> recorded =
        versions
            .version(name)
            .filter(v -> v.loadBatchId() == entry.get().batchId())
            .filter(v -> v.fingerprint().equals(current.fingerprint()));
    List<KafkaOffsetEntry> offsets =
        registry.kafkaOffsets().stream().filter(o -> o.tableName().equalsIgnoreCase(name)).toList();
    boolean everyTopicRead =
        recorded.isPresent()
            && dependencies.topics().stream()
                .allMatch(
                    topic ->
                        recorded.get().topicIds().containsKey(topic)
                            && offsets.stream().anyMatch(o -> o.topic().equals(topic)));
    return everyTopicRead
        ? Optional.of(new AppendBasis(entry.get(), recorded.get(), offsets))
        : Optional.empty();
  }

  private LoadProgress progress(long batchId, String name) {
    return new LoadProgress() {
      @Override
      public void rowsExpected(long rows) {
        registry.expectRows(batchId, name, rows);
      }

      @Override
      public void rowsLoaded(long rows) {
        registry.rowsLoaded(batchId, name, rows);
      }
    };
  }

  private void dropQuietly(String physical) {
    try {
      store.dropTableIfExists(physical);
    } catch (RuntimeException e) {
      LOG.warn(
          "could not drop physical table {} (it will be removed at the next start): {}",
          physical,
          e.getMessage());
    }
  }

  private static List<DependencyEdge> edges(PlannedTable table) {
    List<DependencyEdge> edges = new ArrayList<>();
    table.dependencyOrigins().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .forEach(
            e ->
                edges.add(
                    new DependencyEdge(
                        table.name().name(),
                        e.getKey().name(),
                        DependencyKind.TABLE,
                        DependencyOrigin.valueOf(e.getValue().name()))));
    for (String topic : table.topics()) {
      edges.add(
          new DependencyEdge(
              table.name().name(), topic, DependencyKind.KAFKA_TOPIC, DependencyOrigin.SQL));
    }
    return edges;
  }

  private String propertiesJson(Map<String, String> properties) {
    try {
      return json.writeValueAsString(SecretProperties.masked(properties));
    } catch (JsonProcessingException e) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR, "cannot write properties as JSON: " + e.getMessage(), e);
    }
  }

  private BatchResult result(
      long batchId, List<BatchItem> items, int submitted, BatchOutcome outcome) {
    long[] counts = new long[submitted];
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      TaskOutcome task = outcome.outcomes().get(i);
      String name = items.get(i).statement().table().name();
      switch (task.status()) {
        case SUCCEEDED -> {
          if (items.get(i).statementIndex() != BatchItem.NO_STATEMENT) {
            counts[items.get(i).statementIndex()] += task.rows();
          }
        }
        case FAILED -> problems.add("table " + name + " failed: " + task.error());
        case SKIPPED ->
            problems.add(
                "table "
                    + name
                    + " was skipped because table "
                    + task.skippedBecause()
                    + " did not load");
        case CANCELLED -> problems.add("table " + name + " was cancelled: " + task.error());
      }
    }
    if (problems.isEmpty()) {
      return new BatchResult(batchId, counts);
    }
    String message =
        "batch "
            + batchId
            + ": "
            + problems.size()
            + " of "
            + items.size()
            + " tables did not load\n  "
            + String.join("\n  ", problems);
    throw new TablewaveException(
        outcome.cancelled() ? ErrorCode.CANCELLED : ErrorCode.BATCH_INCOMPLETE, message);
  }

  private final class Listener implements BatchListener {
    private final long batchId;
    private final BatchPlan plan;
    private final RefreshLog history;
    private final Set<String> recorded;
    private final Map<String, String> incremental;
    private final Map<String, InputDelta> deltas;

    Listener(long batchId, Registered registered) {
      this.batchId = batchId;
      this.plan = registered.plan();
      this.history = registered.refreshes();
      this.recorded = registered.refreshesRecorded();
      this.incremental = registered.incremental();
      this.deltas = registered.deltas();
    }

    @Override
    public void taskStarted(TaskSpec task) {
      LOG.info("batch {} table {} loading", batchId, task.name());
      registry.tableStarted(batchId, task.name(), null);
    }

    @Override
    public void taskFinished(TaskSpec task, TaskOutcome outcome) {
      if (task.keep()) {
        LOG.info(
            "batch {} table {} kept: it exists and its statement says IF NOT EXISTS",
            batchId,
            task.name());
        registry.tableKept(batchId, task.name());
        return;
      }
      try {
        record(task, outcome);
        logRefresh(task);
      } finally {
        measure(task, outcome);
      }
    }

    /**
     * One row of SYS.REFRESHES for the table, from its row of SYS.BATCH_TABLES, unless its refresh
     * wrote it already.
     */
    private void logRefresh(TaskSpec task) {
      if (recorded.contains(new TableName(task.name()).key())) {
        return;
      }
      registry
          .batchTable(batchId, task.name())
          .ifPresent(
              entry -> {
                String ranges = incremental.get(new TableName(entry.tableName()).key());
                String mode =
                    entry.status() == BatchTableStatus.UP_TO_DATE
                        ? RefreshAction.UP_TO_DATE.name()
                        : ranges != null ? RefreshReasons.INCREMENTAL : RefreshReasons.FULL;
                try {
                  history.record(
                      new RefreshEntry(
                          0,
                          entry.tableName(),
                          batchId,
                          mode,
                          entry.startedAt(),
                          entry.finishedAt() == null ? clock.instant() : entry.finishedAt(),
                          entry.rowsLoaded(),
                          entry.status().name(),
                          entry.errorMessage(),
                          ranges == null || ranges.isEmpty() ? null : ranges));
                } catch (RuntimeException e) {
                  LOG.warn(
                      "batch {} table {}: the refresh could not be recorded in its history: {}",
                      batchId,
                      task.name(),
                      e.getMessage());
                }
              });
    }

    private void measure(TaskSpec task, TaskOutcome outcome) {
      Duration took =
          registry
              .batchTable(batchId, task.name())
              .filter(entry -> entry.startedAt() != null && entry.finishedAt() != null)
              .map(entry -> Duration.between(entry.startedAt(), entry.finishedAt()))
              .orElse(Duration.ZERO);
      metrics.tableFinished(
          BatchTableStatus.valueOf(outcome.status().name()), outcome.rows(), took);
    }

    private void record(TaskSpec task, TaskOutcome outcome) {
      switch (outcome.status()) {
        case SUCCEEDED -> {}
        case FAILED -> {
          LOG.warn("batch {} table {} failed: {}", batchId, task.name(), outcome.error());
          registry.tableNotLoaded(
              batchId, task.name(), BatchTableStatus.FAILED, outcome.error(), null);
        }
        case SKIPPED -> {
          LOG.info(
              "batch {} table {} skipped: {} did not load",
              batchId,
              task.name(),
              outcome.skippedBecause());
          registry.tableNotLoaded(
              batchId,
              task.name(),
              BatchTableStatus.SKIPPED,
              "skipped because table " + outcome.skippedBecause() + " did not load",
              outcome.skippedBecause());
        }
        case CANCELLED -> {
          LOG.info("batch {} table {} cancelled: {}", batchId, task.name(), outcome.error());
          registry.tableNotLoaded(
              batchId, task.name(), BatchTableStatus.CANCELLED, outcome.error(), null);
        }
      }
    }

    @Override
    public void batchFinished(BatchOutcome outcome) {
      // No table of the batch reads the rows its refreshes appended any more.
      deltas.values().forEach(delta -> dropQuietly(delta.deltaTable()));
      deltas.clear();
      BatchEntry finished = registry.batchFinished(batchId, outcome.cancelled());
      metrics.batchFinished(
          finished.status().name(), Duration.between(finished.submittedAt(), clock.instant()));
      LOG.info(
          "batch {} finished: {}{}",
          batchId,
          finished.status(),
          finished.errorMessage() == null ? "" : " (" + finished.errorMessage() + ")");
    }
  }
}
