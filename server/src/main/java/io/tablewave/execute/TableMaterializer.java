package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.query.QueryCancel;
import io.tablewave.query.QueryEngine;
import io.tablewave.refresh.AggregateMerge;
import io.tablewave.refresh.OffsetContinuation;
import io.tablewave.refresh.RefreshReasons;
import io.tablewave.registry.KafkaOffsetEntry;
import io.tablewave.source.kafka.KafkaCatalog;
import io.tablewave.source.kafka.PartitionRange;
import io.tablewave.source.kafka.TopicBounds;
import io.tablewave.source.kafka.TopicLoadSpec;
import io.tablewave.source.kafka.TopicSnapshot;
import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.DependencyExtractor;
import io.tablewave.sql.QueryShape;
import io.tablewave.sql.TableReferenceRewriter;
import io.tablewave.store.PhysicalNames;
import io.tablewave.store.Store;
import io.tablewave.store.TableWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Builds the physical table of one CTAS. Calcite validates and types every query. When the store
 * runs the query well (any query on a store that joins well, a query of one table on any store) and
 * every input lives in it, the query runs there as one {@code CREATE TABLE ... AS}, cast to the
 * types Calcite derived; otherwise Calcite runs it (pushing filters and aggregates down) and the
 * rows stream into the store's bulk path. A {@code SELECT *} of one topic keeps the staged topic as
 * the table. A table that keeps an AVG merge state for its refreshes is built from that state,
 * which is built from its input.
 */
public final class TableMaterializer {
  private static final int PROGRESS_EVERY_ROWS = 10_000;
  private static final String STAGED_TOPIC_PREFIX = "KAFKA$";
  private static final String DELTA_PREFIX = "DELTA$";

  /**
   * The most the new rows of a refresh may take in memory to be appended from there, in the
   * registry's transaction, rather than staged in a table first: a staging table costs a refresh of
   * a few thousand records about a fifth of its time (creating, committing, copying, dropping).
   */
  private static final long DELTA_MEMORY_BYTES = 16L << 20;

  private static final String MERGED_PREFIX = "MERGED$TABLE";
  private static final LoadProgress IGNORED_PROGRESS =
      new LoadProgress() {
        @Override
        public void rowsExpected(long rows) {}

        @Override
        public void rowsLoaded(long rows) {}
      };

  private final Store store;
  private final QueryEngine queryEngine;
  private final KafkaCatalog kafkaCatalog;
  private final KafkaStaging kafka;
  private final TableReferenceRewriter rewriter = new TableReferenceRewriter();
  private final DependencyExtractor dependencyExtractor = new DependencyExtractor();

  public TableMaterializer(Store store, QueryEngine queryEngine, KafkaCatalog kafkaCatalog) {
    this.store = requireNonNull(store, "store is null");
    this.queryEngine = requireNonNull(queryEngine, "queryEngine is null");
    this.kafkaCatalog = requireNonNull(kafkaCatalog, "kafkaCatalog is null");
    this.kafka = new KafkaStaging(store, kafkaCatalog);
  }

  public Materialized materialize(
      MaterializeRequest request, CancellationToken token, LoadProgress progress)
      throws SQLException {
    CreateTableAs statement = request.statement();
    List<String> topics = List.copyOf(request.dependencies().topics());
    KafkaStaging.Staged staged =
        topics.isEmpty()
            ? null
            : kafka.stage(
                statement.table().name(),
                request.physicalName(),
                topics,
                statement.properties(),
                request.topicColumns(),
                token,
                progress);
    try {
      if (staged != null
          && topics.size() == 1
          && request.dependencies().tables().isEmpty()
          && QueryShape.selectsAllOfOneSource(statement.query())) {
        // The staged topic is the table: it becomes it instead of being copied into it.
        store.renameTable(staged.tables().get(topics.get(0)), request.physicalName());
        return new Materialized(
            staged.rows(), staged.badRecords(), staged.issues(), staged.offsets());
      }
      String calciteSql = overStagedTopics(statement.query());
      boolean storeRunsIt =
          store.runsJoinsWell()
              || staged != null
              || dependencyExtractor.tableReferences(statement.query()) <= 1;
      boolean inStore = storeRunsIt && request.dependencies().systemTables().isEmpty();
      if (staged == null) {
        return new Materialized(
            tableAndState(request, calciteSql, inStore, token, progress), 0, null, List.of());
      }
      long rows =
          run(
              request.physicalName(),
              request.columns(),
              calciteSql,
              visible(staged),
              inStore,
              token,
              progress);
      return new Materialized(rows, staged.badRecords(), staged.issues(), staged.offsets());
    } finally {
      if (staged != null) {
        kafka.drop(staged.tables());
      }
    }
  }

  /**
   * Reads the records after the table's recorded offsets, up to end offsets taken now, and runs the
   * table's query over them into a delta table; nothing is appended yet. Empty when the table's
   * columns are no longer those its query gives (a field appeared, a type changed): it is rebuilt
   * in full then.
   *
   * @throws TablewaveException {@code SOURCE_CHANGED} when a topic no longer holds what the
   *     recorded offsets say (see {@link OffsetContinuation})
   */
  public Optional<PendingAppend> prepareAppend(
      AppendRequest append, CancellationToken token, LoadProgress progress) throws SQLException {
    MaterializeRequest request = append.build();
    List<String> columns = request.columns().stream().map(Column::name).toList();
    List<Column> target = store.columns(append.targetPhysical());
    if (columns.isEmpty()
        || !sameNames(columns, target.stream().map(Column::name).toList())
        || !request.dependencies().tables().isEmpty()) {
      return Optional.empty();
    }
    CreateTableAs statement = request.statement();
    List<String> topics = List.copyOf(request.dependencies().topics());
    // A SELECT * of one topic appends the staged records as they are: they are the delta.
    boolean stagedIsDelta =
        topics.size() == 1 && QueryShape.selectsAllOfOneSource(statement.query());
    boolean deltaInMemory =
        stagedIsDelta
            && !append.deltaReadInBatch()
            && store.appendsInRegistryTransaction()
            && sameColumns(request.topicColumns().get(topics.get(0)), target);
    Map<String, OffsetContinuation.Continuation> continuations = new LinkedHashMap<>();
    KafkaStaging.Staged staged =
        kafka.stage(
            append.tableName(),
            request.physicalName(),
            topics,
            statement.properties(),
            request.topicColumns(),
            spec -> {
              // from the earliest offsets: records deleted before they were read are a gap
              TopicSnapshot now =
                  append
                      .look()
                      .orElseGet(kafkaCatalog::look)
                      .snapshot(spec, TopicLoadSpec.Startup.earliest());
              if (isBehind(
                  now, append.recordedTopicIds().get(spec.topic()), recorded(append, spec))) {
                // The batch looked before another refresh of the table committed offsets past
                // that look: look again rather than take it for a recreated topic.
                now = kafkaCatalog.look().snapshot(spec, TopicLoadSpec.Startup.earliest());
              }
              OffsetContinuation.Continuation continuation =
                  OffsetContinuation.continueFrom(
                      append.tableName(),
                      spec.topic(),
                      append.recordedTopicIds().get(spec.topic()),
                      recorded(append, spec),
                      now.topicId(),
                      now.bounds());
              continuations.put(spec.topic(), continuation);
              return new TopicBounds(spec.topic(), continuation.ranges());
            },
            deltaInMemory ? DELTA_MEMORY_BYTES : 0,
            token,
            progress);
    // the table the query's rows go to, when the staged records are not the delta themselves
    String queried = PhysicalNames.delta(request.physicalName());
    boolean prepared = false;
    try {
      long rows = staged.rows();
      PendingAppend.Delta delta;
      if (!stagedIsDelta) {
        rows =
            run(
                queried,
                request.columns(),
                overStagedTopics(statement.query()),
                visible(staged),
                true,
                token,
                progress);
        delta = new PendingAppend.InTable(queried);
      } else if (staged.kept().containsKey(topics.get(0))) {
        delta = new PendingAppend.InMemory(target, staged.kept().get(topics.get(0)));
      } else {
        delta = new PendingAppend.InTable(staged.tables().get(topics.get(0)));
      }
      List<KafkaOffsetEntry> offsetsAfter = new ArrayList<>();
      Map<String, List<PartitionRange>> ranges = new LinkedHashMap<>();
      continuations.forEach(
          (topic, continuation) -> {
            offsetsAfter.addAll(continuation.offsetsAfter());
            ranges.put(topic, continuation.ranges());
          });
      PendingAppend pending =
          new PendingAppend(
              store,
              delta,
              append.targetPhysical(),
              columns,
              rows,
              staged.badRecords(),
              staged.issues(),
              offsetsAfter,
              ranges);
      prepared = true;
      return Optional.of(pending);
    } catch (SQLException | RuntimeException | Error e) {
      if (!stagedIsDelta) {
        try {
          store.dropTableIfExists(queried);
        } catch (RuntimeException dropFailure) {
          e.addSuppressed(dropFailure);
        }
      }
      throw e;
    } finally {
      Map<String, String> stagedLeft = new LinkedHashMap<>(staged.tables());
      if (prepared && stagedIsDelta) {
        stagedLeft.remove(topics.get(0));
      }
      kafka.drop(stagedLeft);
    }
  }

  /**
   * Whether rows read with the topic's {@code staged} columns can be written as they are into a
   * table of the {@code target} columns: the same names, types, precisions and scales, in order.
   */
  private static boolean sameColumns(List<Column> staged, List<Column> target) {
    if (staged == null || staged.size() != target.size()) {
      return false;
    }
    for (int i = 0; i < staged.size(); i++) {
      Column from = staged.get(i);
      Column to = target.get(i);
      if (!from.name().equalsIgnoreCase(to.name())
          || from.type() != to.type()
          || (from.type() == ColumnType.DECIMAL
              && (from.precision() != to.precision() || from.scale() != to.scale()))) {
        return false;
      }
    }
    return true;
  }

  /** The staged tables, each under the name a query over its topic reads it by. */
  private static Map<String, String> visible(KafkaStaging.Staged staged) {
    Map<String, String> visible = new LinkedHashMap<>();
    staged.tables().forEach((topic, table) -> visible.put(STAGED_TOPIC_PREFIX + topic, table));
    return visible;
  }

  /** The query, for Calcite, with each topic it reads in place of its staged table. */
  private String overStagedTopics(SqlNode query) {
    SqlNode calciteQuery =
        rewriter.rewrite(
            query, name -> List.of(name.name()), topic -> List.of(STAGED_TOPIC_PREFIX + topic));
    return calciteQuery.toSqlString(CalciteSqlDialect.DEFAULT).getSql();
  }

  private static List<KafkaOffsetEntry> recorded(AppendRequest append, TopicLoadSpec spec) {
    return append.recordedOffsets().stream().filter(o -> o.topic().equals(spec.topic())).toList();
  }

  /** Whether the same topic ends, in some partition, before the offset recorded for it. */
  private static boolean isBehind(
      TopicSnapshot snapshot, String recordedTopicId, List<KafkaOffsetEntry> recorded) {
    if (!snapshot.topicId().equals(recordedTopicId)) {
      return false;
    }
    Map<Integer, Long> ends = new HashMap<>();
    snapshot.bounds().partitions().forEach(r -> ends.put(r.partition(), r.endOffset()));
    return recorded.stream()
        .anyMatch(o -> ends.containsKey(o.partition()) && ends.get(o.partition()) < o.endOffset());
  }

  /**
   * Runs the table's query over the rows its input's incremental refresh added (the input's delta
   * table read in place of the input) into a delta table of its own; nothing is appended yet. Empty
   * when the table's columns are not those its query gives: it is rebuilt in full then.
   */
  public Optional<PendingAppend> prepareDownstreamAppend(
      DownstreamRequest downstream, CancellationToken token, LoadProgress progress)
      throws SQLException {
    MaterializeRequest request = downstream.build();
    List<String> columns = request.columns().stream().map(Column::name).toList();
    if (columns.isEmpty() || !sameNames(columns, store.columnNames(downstream.targetPhysical()))) {
      return Optional.empty();
    }
    String delta = PhysicalNames.delta(request.physicalName());
    try {
      long rows =
          run(
              delta,
              request.columns(),
              readingInputDelta(request.statement().query(), downstream)
                  .toSqlString(CalciteSqlDialect.DEFAULT)
                  .getSql(),
              Map.of(DELTA_PREFIX + downstream.input().key(), downstream.inputDelta()),
              true,
              token,
              progress);
      return Optional.of(
          new PendingAppend(
              store,
              new PendingAppend.InTable(delta),
              downstream.targetPhysical(),
              columns,
              rows,
              0,
              null,
              List.of(),
              Map.of()));
    } catch (SQLException | RuntimeException | Error e) {
      try {
        store.dropTableIfExists(delta);
      } catch (RuntimeException dropFailure) {
        e.addSuppressed(dropFailure);
      }
      throw e;
    }
  }

  /**
   * Builds the table's new physical table from the groups it holds and the aggregate of the rows
   * its input's incremental refresh added, merged by {@code merge}: the input is not read again.
   * Empty when the table's columns are not those its query gives: it is rebuilt in full then.
   */
  public Optional<Materialized> mergeAggregate(
      DownstreamRequest downstream,
      AggregateMerge merge,
      CancellationToken token,
      LoadProgress progress)
      throws SQLException {
    MaterializeRequest request = downstream.build();
    List<String> columns = request.columns().stream().map(Column::name).toList();
    List<String> stored = store.columnNames(downstream.targetPhysical());
    if (columns.isEmpty()
        || columns.size() != merge.merges().size()
        || !sameNames(columns, stored)) {
      return Optional.empty();
    }
    if (merge.averages()) {
      return Optional.of(
          new Materialized(mergeAverages(downstream, merge, token, progress), 0, null, List.of()));
    }
    SqlNode delta = readingInputDelta(request.statement().query(), downstream);
    String mergeSql =
        merge
            .mergeQuery(stored, MERGED_PREFIX, delta)
            .toSqlString(CalciteSqlDialect.DEFAULT)
            .getSql();
    Map<String, String> visible = new LinkedHashMap<>();
    visible.put(DELTA_PREFIX + downstream.input().key(), downstream.inputDelta());
    visible.put(MERGED_PREFIX, downstream.targetPhysical());
    long rows =
        run(request.physicalName(), request.columns(), mergeSql, visible, true, token, progress);
    return Optional.of(new Materialized(rows, 0, null, List.of()));
  }

  /**
   * Builds a table none of whose inputs is a topic, and its merge state when it keeps one: a
   * mergeable aggregate with AVG (see {@link AggregateMerge}) that this store merges keeps a state
   * for its next incremental refresh, under {@link PhysicalNames#state} of its physical table. The
   * state is built from the input, and the table from the state as a refresh that merges computes
   * it, when that gives each AVG to its last digit: the input is then read once instead of twice.
   *
   * @return the table's row count
   */
  private long tableAndState(
      MaterializeRequest request,
      String calciteSql,
      boolean inStore,
      CancellationToken token,
      LoadProgress progress)
      throws SQLException {
    Optional<AggregateMerge> kept = keptState(request);
    boolean builtFromState =
        kept.isPresent() && inStore && averagesExactly(request.columns(), kept.get());
    long rows =
        builtFromState
            ? 0
            : run(
                request.physicalName(),
                request.columns(),
                calciteSql,
                Map.of(),
                inStore,
                token,
                progress);
    if (kept.isEmpty()) {
      return rows;
    }
    AggregateMerge merge = kept.get();
    String state = PhysicalNames.state(request.physicalName());
    SqlNode stateQuery =
        rewriter.rewrite(
            merge.stateQuery(request.statement().query()),
            name -> List.of(name.name()),
            topic -> List.of(STAGED_TOPIC_PREFIX + topic));
    try {
      run(
          state,
          merge.stateColumns(request.columns()).orElseThrow(),
          stateQuery.toSqlString(CalciteSqlDialect.DEFAULT).getSql(),
          Map.of(),
          true,
          token,
          progress);
      return builtFromState
          ? fromState(request.physicalName(), request.columns(), merge, state, token)
          : rows;
    } catch (SQLException | RuntimeException | Error e) {
      dropQuietly(state, e);
      throw e;
    }
  }

  /** The merge of a table that keeps a merge state beside its physical table, if it keeps one. */
  private Optional<AggregateMerge> keptState(MaterializeRequest request) {
    SqlNode query = request.statement().query();
    Optional<AggregateMerge> merge =
        RefreshReasons.downstream(query, request.dependencies())
                .filter(shape -> shape == RefreshReasons.Downstream.AGGREGATE)
                .isPresent()
            ? AggregateMerge.of(query).filter(AggregateMerge::averages)
            : Optional.empty();
    return merge.filter(m -> unmergedAverage(request.columns(), m).isEmpty());
  }

  /** Whether this store's {@link Store#average} of each AVG column is its own AVG exactly. */
  private boolean averagesExactly(List<Column> columns, AggregateMerge merge) {
    return IntStream.range(0, merge.merges().size())
        .filter(i -> merge.merges().get(i) == AggregateMerge.Merge.AVG)
        .allMatch(i -> store.averagesExactly(columns.get(i)));
  }

  /** Builds the physical table {@code physicalTable} from its merge state {@code state}. */
  private long fromState(
      String physicalTable,
      List<Column> columns,
      AggregateMerge merge,
      String state,
      CancellationToken token) {
    return store.createTableAs(
        physicalTable,
        columns,
        merge.fromStateQuery(
            columns.stream().map(Column::name).toList(),
            storeTable(state),
            (i, sum, count) -> store.average(sum, count, columns.get(i)).orElseThrow()),
        StatementWatch.of(token));
  }

  /**
   * Why the AVG columns of {@code merge} cannot merge into the table {@code downstream} targets, if
   * they cannot: this store does not merge an AVG of that type, or the table's merge state is
   * missing or is not the state of its columns (then the table is rebuilt in full, which builds the
   * state again). Empty for a table without AVG.
   */
  public Optional<String> averageBlocker(DownstreamRequest downstream, AggregateMerge merge) {
    if (!merge.averages()) {
      return Optional.empty();
    }
    List<Column> columns = downstream.build().columns();
    Optional<String> unmerged = unmergedAverage(columns, merge);
    if (unmerged.isPresent()) {
      return unmerged;
    }
    List<String> expected =
        merge.stateColumns(columns).orElseThrow().stream().map(Column::name).toList();
    String state = PhysicalNames.state(downstream.targetPhysical());
    if (!store.listDataTables().contains(state)) {
      return Optional.of("its AVG merge state " + state + " is missing");
    }
    if (!sameNames(expected, store.columnNames(state))) {
      return Optional.of(
          "its AVG merge state " + state + " does not hold its columns' sums and counts");
    }
    return Optional.empty();
  }

  /** The first AVG column this store does not merge, as a reason, if any. */
  private Optional<String> unmergedAverage(List<Column> columns, AggregateMerge merge) {
    if (columns.size() != merge.merges().size() || merge.stateColumns(columns).isEmpty()) {
      return Optional.of("an AVG of its columns' types is recomputed in full");
    }
    for (int i = 0; i < columns.size(); i++) {
      if (merge.merges().get(i) == AggregateMerge.Merge.AVG
          && !store.mergesAverage(columns.get(i))) {
        return Optional.of(
            "an AVG of type "
                + columns.get(i).type()
                + " ("
                + columns.get(i).name()
                + ") is recomputed in full on "
                + store.kind());
      }
    }
    return Optional.empty();
  }

  /**
   * The AVG merge: the state of the new rows is built, merged into the table's state as a new
   * state, and the table computed from the new state, both under the new physical name.
   */
  private long mergeAverages(
      DownstreamRequest downstream,
      AggregateMerge merge,
      CancellationToken token,
      LoadProgress progress)
      throws SQLException {
    MaterializeRequest request = downstream.build();
    List<Column> columns = request.columns();
    List<Column> stateColumns = merge.stateColumns(columns).orElseThrow();
    String deltaState = PhysicalNames.stateDelta(request.physicalName());
    String state = PhysicalNames.state(request.physicalName());
    try {
      run(
          deltaState,
          stateColumns,
          readingInputDelta(merge.stateQuery(request.statement().query()), downstream)
              .toSqlString(CalciteSqlDialect.DEFAULT)
              .getSql(),
          Map.of(DELTA_PREFIX + downstream.input().key(), downstream.inputDelta()),
          true,
          token,
          progress);
      store.createTableAs(
          state,
          stateColumns,
          merge.stateMergeQuery(
              storeTable(PhysicalNames.state(downstream.targetPhysical())), storeTable(deltaState)),
          StatementWatch.of(token));
      return fromState(request.physicalName(), columns, merge, state, token);
    } catch (SQLException | RuntimeException | Error e) {
      dropQuietly(state, e);
      throw e;
    } finally {
      store.dropTableIfExists(deltaState);
    }
  }

  private SqlIdentifier storeTable(String physicalTable) {
    return new SqlIdentifier(List.of(store.dataSchema(), physicalTable), SqlParserPos.ZERO);
  }

  private void dropQuietly(String physicalTable, Throwable failure) {
    try {
      store.dropTableIfExists(physicalTable);
    } catch (RuntimeException dropFailure) {
      failure.addSuppressed(dropFailure);
    }
  }

  /** The table's query reading its input's delta table in place of the input. */
  private SqlNode readingInputDelta(SqlNode query, DownstreamRequest downstream) {
    return rewriter.rewrite(
        query,
        name ->
            name.key().equals(downstream.input().key())
                ? List.of(DELTA_PREFIX + name.key())
                : List.of(name.name()),
        topic -> List.of(STAGED_TOPIC_PREFIX + topic));
  }

  private static boolean sameNames(List<String> planned, List<String> stored) {
    if (planned.size() != stored.size()) {
      return false;
    }
    for (int i = 0; i < planned.size(); i++) {
      if (!planned.get(i).equalsIgnoreCase(stored.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Builds {@code physicalName} from {@code query} over store tables that {@code visible} names
   * (name in the query to physical table), as a CTAS over staged topics is built: in the store when
   * {@code inStore}, else by Calcite into the store's bulk writer. Nothing is registered; for
   * warming both paths up.
   */
  long materializeOver(
      String physicalName,
      SqlNode query,
      Map<String, String> visible,
      boolean inStore,
      CancellationToken token)
      throws SQLException {
    SqlNode calciteQuery =
        rewriter.rewrite(query, name -> List.of(name.name()), topic -> List.of(topic));
    String calciteSql = calciteQuery.toSqlString(CalciteSqlDialect.DEFAULT).getSql();
    return run(physicalName, List.of(), calciteSql, visible, inStore, token, IGNORED_PROGRESS);
  }

  /**
   * @param planned the columns planning derived for the table, which it gets; empty to take those
   *     the query has now
   */
  private long run(
      String physicalName,
      List<Column> planned,
      String calciteSql,
      Map<String, String> visible,
      boolean inStore,
      CancellationToken token,
      LoadProgress progress)
      throws SQLException {
    QueryCancel stop = new QueryCancel();
    // Planning, the first store connection and the store statement all listen, cold or warm.
    try (CancellationToken.Registration stopping =
        token.onCancel(
            () -> {
              if (token.isExpired()) {
                stop.expire(token.reason());
              } else {
                stop.cancel(token.reason());
              }
            })) {
      return inStore
          ? runInStore(physicalName, planned, calciteSql, visible, token, stop)
          : runInCalcite(physicalName, planned, calciteSql, visible, token, stop, progress);
    }
  }

  private long runInStore(
      String physicalName,
      List<Column> planned,
      String calciteSql,
      Map<String, String> visible,
      CancellationToken token,
      QueryCancel stop)
      throws SQLException {
    QueryEngine.StoreQuery storeQuery = queryEngine.storeQuery(calciteSql, visible, stop);
    List<Column> columns = columns(physicalName, planned, storeQuery.columns());
    return store.createTableAs(physicalName, columns, storeQuery.query(), StatementWatch.of(token));
  }

  private long runInCalcite(
      String physicalName,
      List<Column> planned,
      String calciteSql,
      Map<String, String> visible,
      CancellationToken token,
      QueryCancel stop,
      LoadProgress progress)
      throws SQLException {
    try (Connection connection = queryEngine.openConnection(visible, stop);
        Statement statement = connection.createStatement();
        CancellationToken.Registration cancellable =
            token.onCancel(() -> StatementWatch.cancel(statement))) {
      try (ResultSet resultSet = executeQuery(statement, calciteSql, stop)) {
        List<Column> columns =
            columns(physicalName, planned, QueryEngine.columns(resultSet.getMetaData()));
        try (TableWriter writer = store.openWriter(physicalName, columns)) {
          Object[] row = new Object[columns.size()];
          long count = 0;
          while (resultSet.next()) {
            for (int i = 0; i < row.length; i++) {
              row[i] = value(resultSet, i + 1, columns.get(i));
            }
            writer.accept(row);
            if (++count % PROGRESS_EVERY_ROWS == 0) {
              progress.rowsLoaded(count);
              if (token.isCancelled()) {
                throw new TablewaveException(ErrorCode.CANCELLED, token.reason());
              }
            }
          }
          writer.finish();
          progress.rowsLoaded(count);
          return writer.rowsWritten();
        }
      }
    }
  }

  /**
   * The columns planning derived for the table, which it gets whatever the load's own derivation
   * says; those of the load when planning derived none.
   */
  private static List<Column> columns(
      String physicalName, List<Column> planned, List<Column> derivedByLoad) {
    if (planned.isEmpty()) {
      return derivedByLoad;
    }
    if (planned.size() != derivedByLoad.size()) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR,
          "the query of table "
              + physicalName
              + " returns "
              + derivedByLoad.size()
              + " columns at load time but "
              + planned.size()
              + " were planned: "
              + planned);
    }
    return planned;
  }

  /** Runs the query so that a stop reaches its planning too. */
  private static ResultSet executeQuery(Statement statement, String sql, QueryCancel stop)
      throws SQLException {
    try {
      return stop.run(() -> statement.executeQuery(sql));
    } catch (SQLException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new SQLException(e.getMessage(), e);
    }
  }

  private static Object value(ResultSet resultSet, int index, Column column) throws SQLException {
    Object value =
        switch (column.type()) {
          case BOOLEAN -> resultSet.getBoolean(index);
          case INTEGER -> resultSet.getInt(index);
          case BIGINT -> resultSet.getLong(index);
          case DOUBLE -> resultSet.getDouble(index);
          case DECIMAL -> resultSet.getBigDecimal(index);
          case VARCHAR -> resultSet.getString(index);
          case DATE -> {
            java.sql.Date date = resultSet.getDate(index);
            yield date == null ? null : date.toLocalDate();
          }
          case TIME -> {
            java.sql.Time time = resultSet.getTime(index);
            yield time == null ? null : time.toLocalTime();
          }
          case TIMESTAMP -> {
            Timestamp timestamp = resultSet.getTimestamp(index);
            yield timestamp == null ? null : timestamp.toLocalDateTime();
          }
          case VARBINARY -> resultSet.getBytes(index);
        };
    return resultSet.wasNull() ? null : value;
  }
}
