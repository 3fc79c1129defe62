package io.tablewave.dispatch;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.execute.LoadScheduler;
import io.tablewave.execute.RetiredTables;
import io.tablewave.execute.Warmup;
import io.tablewave.plan.ExplainRow;
import io.tablewave.query.QueryCancel;
import io.tablewave.refresh.TablePropertiesChange;
import io.tablewave.registry.Registry;
import io.tablewave.security.Role;
import io.tablewave.sql.AlterTableSet;
import io.tablewave.sql.BatchStatement;
import io.tablewave.sql.CancelBatch;
import io.tablewave.sql.CancelSession;
import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.DropTable;
import io.tablewave.sql.Durations;
import io.tablewave.sql.ExplainBatch;
import io.tablewave.sql.ParsedStatement;
import io.tablewave.sql.QueryStatement;
import io.tablewave.sql.SecretProperties;
import io.tablewave.sql.SessionSetting;
import io.tablewave.sql.SqlScriptParser;
import io.tablewave.sql.StatementBlock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of every statement, whatever the transport: parses it and sends each kind to the
 * component that runs it. CTAS statements become batches: a script's or a block's CTAS form one
 * batch, and in manual-commit mode they are queued until {@link #commit(Session)}.
 */
public final class StatementDispatcher {
  private static final Logger LOG = LoggerFactory.getLogger(StatementDispatcher.class);
  private static final List<Column> EXPLAIN_COLUMNS =
      List.of(
          new Column("STATEMENT_INDEX", ColumnType.INTEGER, 0, 0, false),
          new Column("TABLE_NAME", ColumnType.VARCHAR, 0, 0, false),
          new Column("ACTION", ColumnType.VARCHAR, 0, 0, false),
          Column.of("WAVE", ColumnType.INTEGER),
          Column.of("DEPENDS_ON", ColumnType.VARCHAR),
          Column.of("SOURCES", ColumnType.VARCHAR),
          Column.of("PROBLEM", ColumnType.VARCHAR));

  private final SqlScriptParser parser;
  private final BatchService batches;
  private final Registry registry;
  private final RetiredTables retired;
  private final TablePropertiesChange tableProperties;
  private final Sessions sessions;
  private final LoadScheduler deadlines;
  private final Warmup warmup;

  /**
   * @param sessions the open connections' sessions, whose queries {@code CANCEL SESSION} stops
   * @param deadlines where queries' time limits are kept
   * @param warmup the warm-up after start, which gives way to the first statement
   */
  public StatementDispatcher(
      SqlScriptParser parser,
      BatchService batches,
      Registry registry,
      RetiredTables retired,
      Sessions sessions,
      LoadScheduler deadlines,
      Warmup warmup) {
    this.parser = requireNonNull(parser, "parser is null");
    this.batches = requireNonNull(batches, "batches is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.retired = requireNonNull(retired, "retired is null");
    this.tableProperties = new TablePropertiesChange(registry);
    this.sessions = requireNonNull(sessions, "sessions is null");
    this.deadlines = requireNonNull(deadlines, "deadlines is null");
    this.warmup = requireNonNull(warmup, "warmup is null");
  }

  /**
   * Runs a query that {@link #execute} handed back, so that it can be stopped: by {@code
   * Statement.cancel()} (CANCEL SESSION) and by the session's time limit ({@code
   * Statement.setQueryTimeout}). A stopped query fails with {@link ErrorCode#CANCELLED} or {@link
   * ErrorCode#TIMED_OUT}, its store statements cancelled. A cancel that came since {@link #execute}
   * began stops it too.
   */
  public <T> T runQuery(Session session, Callable<T> query) throws Exception {
    QueryCancel cancel = session.queries();
    Optional<Duration> limit = session.batchTimeout();
    ScheduledFuture<?> deadline =
        limit
            .map(
                l ->
                    deadlines.schedule(
                        () ->
                            cancel.expire(
                                "the query timed out after "
                                    + Durations.format(l)
                                    + " (the statement's query timeout)"),
                        l))
            .orElse(null);
    try {
      return cancel.run(query);
    } finally {
      if (deadline != null) {
        deadline.cancel(false);
      }
    }
  }

  /** Runs a prepared statement's execution: a query, stoppable as {@link #runQuery} says. */
  public <T> T runPrepared(Session session, Callable<T> query) throws Exception {
    statementStarts(session);
    return runQuery(session, query);
  }

  /**
   * Runs one {@code execute(sql)}: a single statement, a script, or a block. A query comes back to
   * be run with {@link #runQuery}.
   */
  public StatementResult execute(Session session, String sql) {
    // A statement starts: a cancel from now on stops it, whichever phase it is in.
    statementStarts(session);
    List<ParsedStatement> statements = parse(sql);
    authorize(session, statements);
    if (statements.size() == 1) {
      return executeOne(session, statements.get(0));
    }
    return runBatch(session, batchOnly(statements, "a script of several statements"));
  }

  /**
   * Runs {@code executeBatch()}: every statement must be a CTAS or a REFRESH; they form one batch.
   */
  public long[] executeBatch(Session session, List<String> sqls) {
    statementStarts(session);
    List<ParsedStatement> statements = new ArrayList<>();
    for (String sql : sqls) {
      statements.addAll(parse(sql));
    }
    authorize(session, statements);
    List<BatchStatement> ctas = batchOnly(statements, "executeBatch()");
    if (!session.autoCommit()) {
      session.queue(ctas);
      return new long[ctas.size()];
    }
    return batches.run(ctas, session).rowCounts();
  }

  /** Runs the CTAS statements queued in manual-commit mode as one batch. */
  public void commit(Session session) {
    statementStarts(session);
    List<BatchStatement> queued = session.drainQueued();
    if (!queued.isEmpty()) {
      batches.run(queued, session);
    }
  }

  /**
   * What the client is told about the newest batch {@code session} submitted since {@code mark}
   * ({@link SessionBatches#mark()}), if it submitted one.
   */
  public Optional<BatchReport> newestBatch(Session session, long mark) {
    OptionalLong batchId = session.batches().newestSince(mark);
    if (batchId.isEmpty()) {
      return Optional.empty();
    }
    return registry.batch(batchId.getAsLong()).map(BatchReport::of);
  }

  /** Cancels the batch the session is running, if any: its client is gone. */
  public void cancelRunning(Session session, String reason) {
    if (batches.cancelSession(session.id(), reason)) {
      LOG.info("session {} closed while its batch ran: cancelled it", session.id());
    }
    session.queries().cancel(reason);
  }

  /** Discards the CTAS statements queued in manual-commit mode. */
  public void rollback(Session session) {
    int discarded = session.drainQueued().size();
    if (discarded > 0) {
      LOG.info("session {} discarded {} queued statements on rollback", session.id(), discarded);
    }
  }

  /**
   * A statement of {@code session} starts: a stop of the one before no longer applies, and the
   * warm-up, if it still runs, stops taking the CPU and store connections this one needs (and would
   * go on using after a stop of this one).
   */
  private void statementStarts(Session session) {
    session.queries().begin();
    warmup.giveWayToUsers();
  }

  /** Refuses, before anything runs, statements the session's role may not run. */
  private static void authorize(Session session, List<ParsedStatement> statements) {
    if (session.role() == Role.LOADER) {
      return;
    }
    for (ParsedStatement statement : statements) {
      if (!(statement instanceof QueryStatement
          || statement instanceof ExplainBatch
          || statement instanceof SessionSetting
          || statement instanceof CancelSession)) {
        throw new TablewaveException(
            ErrorCode.PERMISSION_DENIED,
            "user "
                + session.userName()
                + " has role "
                + session.role().label()
                + ", which may only run queries (SELECT, EXPLAIN); "
                + abbreviate(
                    statement instanceof CreateTableAs create
                        ? SecretProperties.maskedText(create)
                        : statement.sqlText())
                + " needs role "
                + Role.LOADER.label());
      }
    }
  }

  private List<ParsedStatement> parse(String sql) {
    if (sql == null || sql.isBlank()) {
      throw new TablewaveException(
          ErrorCode.SYNTAX_ERROR, "the statement is empty: send a SQL statement");
    }
    List<ParsedStatement> statements = parser.parse(sql);
    if (statements.isEmpty()) {
      throw new TablewaveException(
          ErrorCode.SYNTAX_ERROR,
          "the text holds no statement (only comments or semicolons): send a SQL statement");
    }
    return statements;
  }

  private StatementResult executeOne(Session session, ParsedStatement statement) {
    if (statement instanceof QueryStatement query) {
      return new StatementResult.Query(query.sqlText());
    } else if (statement instanceof BatchStatement ctas) {
      return runBatch(session, List.of(ctas));
    } else if (statement instanceof StatementBlock block) {
      return runBatch(session, batchOnly(block.statements(), "a BEGIN ... END block"));
    } else if (statement instanceof AlterTableSet alter) {
      return alter(alter);
    } else if (statement instanceof DropTable drop) {
      return drop(drop);
    } else if (statement instanceof ExplainBatch explain) {
      return explain(explain);
    } else if (statement instanceof CancelBatch cancel) {
      batches.cancel(cancel.batchId(), "cancelled by CANCEL BATCH from session " + session.id());
      return new StatementResult.UpdateCount(0);
    } else if (statement instanceof SessionSetting setting) {
      session.setBatchTimeout(setting.batchTimeout());
      return new StatementResult.UpdateCount(0);
    } else if (statement instanceof CancelSession cancel) {
      return new StatementResult.UpdateCount(cancelSession(session, cancel.sessionId()) ? 1 : 0);
    }
    throw new TablewaveException(
        ErrorCode.UNSUPPORTED_STATEMENT,
        "statement not supported: " + abbreviate(statement.sqlText()));
  }

  /**
   * Stops what a connection runs, a batch or a query; a reader may stop only its own user's
   * connections.
   */
  private boolean cancelSession(Session requester, String sessionId) {
    Optional<Session> target = sessions.get(sessionId);
    if (requester.role() != Role.LOADER
        && target.isPresent()
        && !java.util.Objects.equals(target.get().userName(), requester.userName())) {
      throw new TablewaveException(
          ErrorCode.PERMISSION_DENIED,
          "user " + requester.userName() + " may not cancel what another user's connection runs");
    }
    String reason = "cancelled by the client (Statement.cancel)";
    // The session hears first: a batch registered after this finds its session stopped
    // (BatchService.run).
    target.ifPresent(t -> t.queries().cancel(reason));
    boolean batch = batches.cancelSession(sessionId, reason);
    return batch || target.isPresent();
  }

  private StatementResult runBatch(Session session, List<BatchStatement> statements) {
    if (!session.autoCommit()) {
      session.queue(statements);
      return new StatementResult.UpdateCount(0);
    }
    long total = 0;
    for (long rows : batches.run(statements, session).rowCounts()) {
      total += rows;
    }
    return new StatementResult.UpdateCount(total);
  }

  private StatementResult drop(DropTable drop) {
    if (drop.ifExists() && registry.table(drop.table().name()).isEmpty()) {
      return new StatementResult.UpdateCount(0);
    }
    List<String> physical =
        registry.underPlanningLock(() -> registry.drop(drop.table().name(), drop.cascade()));
    physical.forEach(retired::retire);
    LOG.info("dropped table {} ({} tables with cascade)", drop.table(), physical.size());
    return new StatementResult.UpdateCount(0);
  }

  private StatementResult alter(AlterTableSet alter) {
    registry.underPlanningLock(
        () -> {
          tableProperties.set(alter.table(), alter.properties());
          return null;
        });
    LOG.info(
        "table {}: properties {} set",
        alter.table(),
        SecretProperties.masked(alter.properties()).keySet());
    return new StatementResult.UpdateCount(0);
  }

  private StatementResult explain(ExplainBatch explain) {
    List<Object[]> rows = new ArrayList<>();
    for (ExplainRow row : batches.explain(explain.items())) {
      rows.add(
          new Object[] {
            row.statementIndex(),
            row.tableName(),
            row.action(),
            row.wave(),
            row.dependsOn(),
            row.sources(),
            row.problem()
          });
    }
    return new StatementResult.Rows(EXPLAIN_COLUMNS, rows);
  }

  private static List<BatchStatement> batchOnly(List<ParsedStatement> statements, String where) {
    List<BatchStatement> ctas = new ArrayList<>();
    for (ParsedStatement statement : statements) {
      if (statement instanceof BatchStatement create) {
        ctas.add(create);
      } else if (statement instanceof StatementBlock block) {
        ctas.addAll(batchOnly(block.statements(), where));
      } else {
        throw new TablewaveException(
            ErrorCode.UNSUPPORTED_STATEMENT,
            where
                + " may only hold CREATE TABLE ... AS"
                + " and REFRESH statements, which run as one batch; run this statement on its own: "
                + abbreviate(statement.sqlText()));
      }
    }
    return ctas;
  }

  private static String abbreviate(String sql) {
    String oneLine = sql.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
  }
}
