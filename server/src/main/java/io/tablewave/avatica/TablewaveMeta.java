package io.tablewave.avatica;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import io.tablewave.dispatch.Session;
import io.tablewave.dispatch.SessionBatches;
import io.tablewave.dispatch.Sessions;
import io.tablewave.dispatch.StatementDispatcher;
import io.tablewave.dispatch.StatementResult;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.query.QueryCancel;
import io.tablewave.query.QueryEngine;
import io.tablewave.security.RequestUser;
import io.tablewave.security.Role;
import io.tablewave.security.UsersFile;
import io.tablewave.system.SystemSchema;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.ConnectionPropertiesImpl;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MetaImpl;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.jdbc.JdbcMeta;
import org.apache.calcite.avatica.jdbc.StatementInfo;
import org.apache.calcite.avatica.proto.Requests;
import org.apache.calcite.avatica.remote.TypedValue;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.schema.SchemaPlus;

/**
 * The server side of Avatica: every statement goes to the {@link StatementDispatcher}; queries it
 * hands back run on a per-connection Calcite connection, and so do metadata calls. Errors leave
 * through {@link ErrorTranslator} only. A request that submitted a batch leaves its {@link
 * BatchReport} in {@link BatchReports} for the response.
 *
 * <p>Connection property {@value #BATCHES_OF}: a connection opened with the id of another
 * connection of the same user sees that connection's batches in {@code SYS.MY_BATCHES}; the driver
 * follows a running batch from such a second connection.
 */
public final class TablewaveMeta extends JdbcMeta {
  /**
   * Connection property: the id of a connection whose batches this one's {@code SYS.MY_BATCHES}
   * shows.
   */
  public static final String BATCHES_OF = "batches_of";

  private final QueryEngine queryEngine;
  private final SystemSchema systemSchema;
  private final BatchReports reports;
  private final StatementDispatcher dispatcher;
  private final ServerIdentity identity;
  private final int defaultParallelism;
  private final Optional<UsersFile> users;
  private final RequestUser requestUser;

  /**
   * What follows a type's name in Calcite's full type string: {@code (12, 2)}, {@code NOT NULL}.
   */
  private static final Pattern TYPE_PARAMETERS = Pattern.compile("\\s*(\\(.*\\))?(\\s+NOT NULL)?$");

  private static final List<String> TABLE_TYPES = List.of("FOREIGN TABLE", "SYSTEM TABLE", "TABLE");

  /** Carries a new connection's id from {@link #openConnection} to {@link #createConnection}. */
  private static final String CONNECTION_ID = "tablewave.connectionId";

  private final Sessions sessions;

  /** The most statements the server keeps open, of all connections. */
  private static final int STATEMENTS_KEPT = 100_000;

  /** The connection each open statement belongs to. */
  private final StatementOwners owners = new StatementOwners(STATEMENTS_KEPT);

  /** The most rows {@code JdbcMeta} puts in the first frame of a result. */
  private static final int FIRST_FRAME_ROWS = 100;

  /** Plans of queries that run in the store as one statement. */
  private final StorePlans storePlans = new StorePlans();

  /** The open results of such queries, by statement id. */
  private final Map<Integer, ResultCursor> cursors = new ConcurrentHashMap<>();

  private final FramePrefetch prefetch;

  /**
   * @param users the users file, when the server authenticates its clients
   * @param requestUser who the current request authenticated as
   * @param sessions the open connections' sessions, shared with the dispatcher
   * @param systemSchema the SYS schema, whose per-connection tables each connection gets
   * @param reports where a request that submitted a batch leaves its report
   * @param prefetch the threads that read ahead the frames of queries run in the store
   */
  public TablewaveMeta(
      QueryEngine queryEngine,
      StatementDispatcher dispatcher,
      ServerIdentity identity,
      int defaultParallelism,
      Optional<UsersFile> users,
      RequestUser requestUser,
      Sessions sessions,
      SystemSchema systemSchema,
      BatchReports reports,
      FramePrefetch prefetch)
      throws SQLException {
    super("jdbc:calcite:", cacheSettings());
    this.sessions = requireNonNull(sessions, "sessions is null");
    this.queryEngine = requireNonNull(queryEngine, "queryEngine is null");
    this.systemSchema = requireNonNull(systemSchema, "systemSchema is null");
    this.reports = requireNonNull(reports, "reports is null");
    this.prefetch = requireNonNull(prefetch, "prefetch is null");
    this.dispatcher = requireNonNull(dispatcher, "dispatcher is null");
    this.identity = requireNonNull(identity, "identity is null");
    this.defaultParallelism = defaultParallelism;
    this.users = requireNonNull(users, "users is null");
    this.requestUser = requireNonNull(requestUser, "requestUser is null");
  }

  /**
   * Connections and statements stay as long as clients keep them; long batches must not expire
   * them.
   */
  private static Properties cacheSettings() {
    Properties properties = new Properties();
    properties.setProperty(ConnectionCacheSettings.EXPIRY_DURATION.key(), "24");
    properties.setProperty(ConnectionCacheSettings.EXPIRY_UNIT.key(), "HOURS");
    properties.setProperty(ConnectionCacheSettings.MAX_CAPACITY.key(), "10000");
    properties.setProperty(StatementCacheSettings.EXPIRY_DURATION.key(), "24");
    properties.setProperty(StatementCacheSettings.EXPIRY_UNIT.key(), "HOURS");
    properties.setProperty(
        StatementCacheSettings.MAX_CAPACITY.key(), String.valueOf(STATEMENTS_KEPT));
    return properties;
  }

  @Override
  protected Connection createConnection(String url, Properties info) throws SQLException {
    Optional<Session> session = sessions.get(info.getProperty(CONNECTION_ID, ""));
    return session.isPresent()
        ? queryEngine.openConnection(session.get().queries())
        : queryEngine.openConnection();
  }

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    guard(
        () -> {
          Map<String, String> properties = info == null ? Map.of() : info;
          Session session = newSession(ch.id, properties);
          Map<String, String> withId = new java.util.HashMap<>(properties);
          withId.put(CONNECTION_ID, ch.id);
          sessions.add(session);
          try {
            super.openConnection(ch, withId);
            addSessionTables(getConnection(ch.id), session);
          } catch (RuntimeException | SQLException e) {
            sessions.remove(ch.id);
            throw e;
          }
          return null;
        });
  }

  @Override
  public void closeConnection(ConnectionHandle ch) {
    guard(
        () -> {
          Optional<Session> closed = sessions.remove(ch.id);
          if (closed.isPresent()) {
            Session session = closed.get();
            dispatcher.rollback(session);
            dispatcher.cancelRunning(session, "the client closed its connection");
          }
          for (Map.Entry<Integer, ResultCursor> open : cursors.entrySet()) {
            if (open.getValue().connectionId().equals(ch.id)) {
              closeCursor(open.getKey());
            }
          }
          owners.connectionClosed(ch.id);
          super.closeConnection(ch);
          return null;
        });
  }

  @Override
  public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties connProps) {
    return guard(
        () -> {
          Session session = session(ch.id);
          if (connProps.isAutoCommit() != null) {
            boolean autoCommit = connProps.isAutoCommit();
            if (autoCommit && !session.autoCommit()) {
              reporting(
                  session,
                  () -> {
                    dispatcher.commit(session);
                    return null;
                  });
            }
            session.setAutoCommit(autoCommit);
          }
          ConnectionPropertiesImpl forCalcite =
              new ConnectionPropertiesImpl(
                  null,
                  null,
                  connProps.getTransactionIsolation(),
                  connProps.getCatalog(),
                  connProps.getSchema());
          ConnectionProperties synced = super.connectionSync(ch, forCalcite);
          return new ConnectionPropertiesImpl(
              session.autoCommit(),
              false,
              synced.getTransactionIsolation(),
              synced.getCatalog(),
              synced.getSchema());
        });
  }

  @Override
  public Map<DatabaseProperty, Object> getDatabaseProperties(ConnectionHandle ch) {
    return guard(
        () -> {
          Map<DatabaseProperty, Object> properties =
              new java.util.HashMap<>(super.getDatabaseProperties(ch));
          properties.put(DatabaseProperty.GET_DATABASE_PRODUCT_NAME, identity.productName());
          properties.put(DatabaseProperty.GET_DATABASE_PRODUCT_VERSION, identity.version());
          properties.put(DatabaseProperty.GET_DATABASE_MAJOR_VERSION, identity.majorVersion());
          properties.put(DatabaseProperty.GET_DATABASE_MINOR_VERSION, identity.minorVersion());
          return properties;
        });
  }

  @Override
  public ExecuteResult prepareAndExecute(
      StatementHandle h,
      String sql,
      long maxRowCount,
      int maxRowsInFirstFrame,
      PrepareCallback callback)
      throws NoSuchStatementException {
    Session session = ownedStatement(h);
    return guard(
        () -> {
          StatementResult result = reporting(session, () -> dispatcher.execute(session, sql));
          if (result instanceof StatementResult.Query query) {
            closeCursor(h.id);
            StorePlans.Key key =
                new StorePlans.Key(
                    query.sql(),
                    String.valueOf(getConnection(h.connectionId).getSchema()),
                    maxRowCount,
                    queryEngine.tablesVersion());
            StorePlans.Plan plan = storePlans.plan(key).orElse(null);
            if (plan instanceof StorePlans.InStore inStore) {
              return dispatcher.runQuery(
                  session, () -> runInStore(session, h, inStore, maxRowCount, maxRowsInFirstFrame));
            }
            if (plan instanceof StorePlans.WholeSystemTable whole) {
              return dispatcher.runQuery(
                  session, () -> readWhole(h, whole, maxRowCount, maxRowsInFirstFrame));
            }
            return dispatcher.runQuery(
                session,
                () -> {
                  Optional<StorePlans.InStore> inStore =
                      storePlans.translatedForTheStore(
                          key,
                          () ->
                              queryEngine.plainStoreQuery(
                                  query.sql(), key.schema(), session.queries()));
                  if (inStore.isPresent()) {
                    return runInStore(session, h, inStore.get(), maxRowCount, maxRowsInFirstFrame);
                  }
                  return storePlans.planThroughCalcite(
                      key,
                      () ->
                          super.prepareAndExecute(
                              h, query.sql(), maxRowCount, maxRowsInFirstFrame, callback));
                });
          }
          return new ExecuteResult(List.of(toMetaResultSet(h, sql, result)));
        });
  }

  /**
   * Runs a query whose plan is one statement in the store: its rows come straight from the store's
   * result set, described by the columns Calcite gave the same query.
   */
  private ExecuteResult runInStore(
      Session session,
      StatementHandle h,
      StorePlans.InStore plan,
      long maxRowCount,
      int maxRowsInFirstFrame)
      throws SQLException {
    endCalciteResult(h);
    Connection connection = queryEngine.openStoreConnection(session.queries());
    StoreCursor cursor;
    try {
      java.sql.Statement statement = connection.createStatement();
      cursor =
          new StoreCursor(
              h.connectionId,
              connection,
              statement,
              statement.executeQuery(plan.storeSql()),
              plan.signature().columns,
              maxRowCount);
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return firstFrame(h, prefetch.readingAhead(cursor), plan.signature(), maxRowsInFirstFrame);
  }

  /**
   * Answers a query that reads a system table whole from the table's rows as of now, without
   * Calcite.
   */
  private ExecuteResult readWhole(
      StatementHandle h,
      StorePlans.WholeSystemTable plan,
      long maxRowCount,
      int maxRowsInFirstFrame)
      throws SQLException {
    endCalciteResult(h);
    return firstFrame(
        h,
        new RowsCursor(h.connectionId, plan.table().rows(), maxRowCount),
        plan.signature(),
        maxRowsInFirstFrame);
  }

  /**
   * Closes what Calcite's last run of the statement left open, before Tablewave answers its new
   * run; fails when the statement is not open on this server.
   */
  private void endCalciteResult(StatementHandle h) throws SQLException {
    StatementInfo info = getStatementCache().getIfPresent(h.id);
    if (info == null) {
      throw new SQLException("statement " + h.id + " is not open on this server: create it again");
    }
    if (info.getResultSet() != null) {
      info.getResultSet().close();
    }
  }

  /** The first frame of {@code cursor}'s rows; the cursor is kept for the fetches of the rest. */
  private ExecuteResult firstFrame(
      StatementHandle h, ResultCursor cursor, Meta.Signature signature, int maxRowsInFirstFrame)
      throws SQLException {
    Frame first;
    try {
      first = cursor.frame(0, firstFrameRows(maxRowsInFirstFrame));
    } catch (SQLException | RuntimeException e) {
      cursor.close();
      throw e;
    }
    if (!first.done) {
      cursors.put(h.id, cursor);
    }
    return new ExecuteResult(
        List.of(MetaResultSet.create(h.connectionId, h.id, true, signature, first)));
  }

  /**
   * The rows of a first frame as {@code JdbcMeta} limits them: all for -2, at most 100 otherwise.
   */
  private static int firstFrameRows(int maxRowsInFirstFrame) {
    if (maxRowsInFirstFrame == -2) {
      return -1;
    }
    return maxRowsInFirstFrame < 0 || maxRowsInFirstFrame > FIRST_FRAME_ROWS
        ? FIRST_FRAME_ROWS
        : maxRowsInFirstFrame;
  }

  /**
   * The next frame of a result. A fetch of 0 rows is what Avatica's client sends after {@code
   * Statement.setFetchSize(0)}, which JDBC defines as no hint: it gets a frame of the size the
   * server chooses, not an empty one that would end the result after its first frame.
   */
  @Override
  public Frame fetch(StatementHandle h, long offset, int requestedRows)
      throws NoSuchStatementException, MissingResultsException {
    int fetchMaxRowCount = requestedRows == 0 ? -1 : requestedRows;
    QueryCancel queries = ownedStatement(h).queries();
    ResultCursor cursor = cursors.get(h.id);
    if (cursor == null) {
      try {
        return queries.fetch(() -> fetchFromCalcite(h, offset, fetchMaxRowCount));
      } catch (NoSuchStatementException | MissingResultsException e) {
        // Avatica's client answers these by preparing the statement again.
        throw e;
      } catch (Exception | LinkageError e) {
        throw ErrorTranslator.translate(e);
      }
    }
    return guard(
        () ->
            queries.fetch(
                () -> {
                  try {
                    Frame frame = cursor.frame(offset, fetchMaxRowCount);
                    if (frame.done) {
                      cursors.remove(h.id);
                    }
                    return frame;
                  } catch (SQLException | RuntimeException e) {
                    closeCursor(h.id);
                    throw e;
                  }
                }));
  }

  /** The next frame of a statement run through Calcite, framed here where its columns allow. */
  private Frame fetchFromCalcite(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException, SQLException {
    StatementInfo info = getStatementCache().getIfPresent(h.id);
    if (info != null && info.isResultSetInitialized() && info.getResultSet() != null) {
      Optional<Frame> frame =
          ResultFrames.fromCalcite(info, info.getResultSet(), offset, fetchMaxRowCount);
      if (frame.isPresent()) {
        return frame.get();
      }
    }
    return super.fetch(h, offset, fetchMaxRowCount);
  }

  @Override
  public void closeStatement(StatementHandle h) {
    if (!owners.owns(h)) {
      // as Avatica answers the close of a statement it does not have: nothing to close
      return;
    }
    guard(
        () -> {
          closeCursor(h.id);
          owners.closed(h);
          super.closeStatement(h);
          return null;
        });
  }

  private void closeCursor(int statementId) throws SQLException {
    ResultCursor cursor = cursors.remove(statementId);
    if (cursor != null) {
      cursor.close();
    }
  }

  /** A prepared statement's execution: stoppable like any query. */
  @Override
  public ExecuteResult execute(
      StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
      throws NoSuchStatementException {
    Session session = ownedStatement(h);
    return guard(
        () ->
            dispatcher.runPrepared(
                session, () -> super.execute(h, parameterValues, maxRowsInFirstFrame)));
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
      throws NoSuchStatementException {
    Session session = ownedStatement(h);
    return guard(
        () ->
            new ExecuteBatchResult(
                reporting(session, () -> dispatcher.executeBatch(session, sqlCommands))));
  }

  @Override
  public StatementHandle createStatement(ConnectionHandle ch) {
    return opened(
        ch,
        () -> {
          StatementHandle h = super.createStatement(ch);
          return new Opened<>(h.id, h);
        });
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    return opened(
        ch,
        () -> {
          StatementHandle h = super.prepare(ch, sql, maxRowCount);
          return new Opened<>(h.id, h);
        });
  }

  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> parameterValues)
      throws NoSuchStatementException {
    ownedStatement(h);
    return super.executeBatch(h, parameterValues);
  }

  @Override
  public ExecuteBatchResult executeBatchProtobuf(
      StatementHandle h, List<Requests.UpdateBatch> parameterValues)
      throws NoSuchStatementException {
    ownedStatement(h);
    return super.executeBatchProtobuf(h, parameterValues);
  }

  @Override
  public boolean syncResults(StatementHandle h, QueryState state, long offset)
      throws NoSuchStatementException {
    ownedStatement(h);
    return super.syncResults(h, state, offset);
  }

  @Override
  public MetaResultSet getTables(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat tableNamePattern,
      List<String> typeList) {
    return opened(
        ch,
        () -> metaResult(super.getTables(ch, catalog, schemaPattern, tableNamePattern, typeList)));
  }

  @Override
  public MetaResultSet getSchemas(ConnectionHandle ch, String catalog, Pat schemaPattern) {
    return opened(ch, () -> metaResult(super.getSchemas(ch, catalog, schemaPattern)));
  }

  @Override
  public MetaResultSet getCatalogs(ConnectionHandle ch) {
    return opened(ch, () -> metaResult(super.getCatalogs(ch)));
  }

  @Override
  public MetaResultSet getTypeInfo(ConnectionHandle ch) {
    return opened(ch, () -> metaResult(super.getTypeInfo(ch)));
  }

  /** What opened a statement on the server, and the statement's id. */
  private record Opened<T>(int statementId, T value) {}

  private static Opened<MetaResultSet> metaResult(MetaResultSet result) {
    return new Opened<>(result.statementId, result);
  }

  /** Runs {@code work} for a connection of the request's user; records the statement it opened. */
  private <T> T opened(ConnectionHandle ch, Work<Opened<T>> work) {
    return guard(
        () -> {
          session(ch.id);
          Opened<T> opened = work.run();
          owners.opened(
              opened.statementId(), ch.id, id -> getStatementCache().getIfPresent(id) != null);
          return opened.value();
        });
  }

  /**
   * Refuses a statement of another connection as Avatica refuses an unknown one, after the checks
   * of the connection itself (open, and the request's user's).
   */
  private Session ownedStatement(StatementHandle h) throws NoSuchStatementException {
    Session session = guard(() -> session(h.connectionId));
    owners.check(h);
    return session;
  }

  @Override
  public void commit(ConnectionHandle ch) {
    guard(
        () -> {
          Session session = session(ch.id);
          return reporting(
              session,
              () -> {
                dispatcher.commit(session);
                return null;
              });
        });
  }

  @Override
  public void rollback(ConnectionHandle ch) {
    guard(
        () -> {
          dispatcher.rollback(session(ch.id));
          return null;
        });
  }

  /**
   * Calcite's column metadata with {@code TYPE_NAME} as a result set's {@code getColumnTypeName}
   * says it ({@code DECIMAL}, not {@code DECIMAL(12, 2)}): tools match the two.
   */
  @Override
  public MetaResultSet getColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat tableNamePattern,
      Pat columnNamePattern) {
    session(ch.id);
    try (ResultSet rs =
        getConnection(ch.id)
            .getMetaData()
            .getColumns(catalog, schemaPattern.s, tableNamePattern.s, columnNamePattern.s)) {
      ResultSetMetaData metaData = rs.getMetaData();
      int typeName = rs.findColumn("TYPE_NAME") - 1;
      List<Object> rows = new ArrayList<>();
      while (rs.next()) {
        Object[] row = new Object[metaData.getColumnCount()];
        for (int i = 0; i < row.length; i++) {
          row[i] = rs.getObject(i + 1);
        }
        if (row[typeName] instanceof String type) {
          row[typeName] = TYPE_PARAMETERS.matcher(type).replaceFirst("");
        }
        rows.add(row);
      }
      return MetaResultSet.create(
          ch.id, -1, true, signature(metaData), Frame.create(0, true, rows));
    } catch (SQLException e) {
      throw ErrorTranslator.translate(e);
    }
  }

  /**
   * The types {@code getTables} reports: PUBLIC tables, SYS and INFORMATION_SCHEMA tables, Kafka
   * topics.
   */
  @Override
  public MetaResultSet getTableTypes(ConnectionHandle ch) {
    session(ch.id);
    List<ColumnMetaData> columns =
        List.of(MetaImpl.columnMetaData("TABLE_TYPE", 0, String.class, false));
    Signature signature =
        Signature.create(
            columns, null, Collections.emptyList(), CursorFactory.ARRAY, Meta.StatementType.SELECT);
    List<Object> rows = new ArrayList<>();
    for (String type : TABLE_TYPES) {
      rows.add(new Object[] {type});
    }
    return MetaResultSet.create(ch.id, -1, true, signature, Frame.create(0, true, rows));
  }

  private MetaResultSet toMetaResultSet(StatementHandle h, String sql, StatementResult result) {
    if (result instanceof StatementResult.UpdateCount count) {
      return MetaResultSet.count(h.connectionId, h.id, count.count());
    }
    StatementResult.Rows rows = (StatementResult.Rows) result;
    List<ColumnMetaData> columns = new ArrayList<>();
    for (int i = 0; i < rows.columns().size(); i++) {
      Column column = rows.columns().get(i);
      columns.add(MetaImpl.columnMetaData(column.name(), i, javaClass(column), column.nullable()));
    }
    Signature signature =
        Signature.create(
            columns, sql, Collections.emptyList(), CursorFactory.ARRAY, Meta.StatementType.SELECT);
    List<Object> frameRows = new ArrayList<>(rows.rows());
    return MetaResultSet.create(
        h.connectionId, h.id, true, signature, Frame.create(0, true, frameRows));
  }

  private static Class<?> javaClass(Column column) {
    return switch (column.type()) {
      case BOOLEAN -> Boolean.class;
      case INTEGER -> Integer.class;
      case BIGINT -> Long.class;
      case DOUBLE -> Double.class;
      case DECIMAL -> java.math.BigDecimal.class;
      default -> String.class;
    };
  }

  /**
   * Runs {@code work} for {@code session}; when it submitted a batch, the response will say which.
   */
  private <T> T reporting(Session session, Work<T> work) throws Exception {
    long mark = session.batches().mark();
    T result = work.run();
    dispatcher.newestBatch(session, mark).ifPresent(reports::report);
    return result;
  }

  /** Gives the connection's Calcite {@code SYS} the tables that show this session's own state. */
  private void addSessionTables(Connection calcite, Session session) throws SQLException {
    SchemaPlus sys =
        calcite.unwrap(CalciteConnection.class).getRootSchema().getSubSchema(SystemSchema.NAME);
    if (sys != null) {
      SessionBatches batches = session.batches();
      systemSchema.sessionTables(batches::contains).forEach(sys::add);
    }
  }

  private Session session(String connectionId) {
    Session session = sessions.get(connectionId).orElse(null);
    if (session == null) {
      throw new TablewaveException(
          ErrorCode.CONNECTION_NOT_OPEN,
          "connection "
              + connectionId
              + " is not open on this server (it was closed, or the server restarted): reconnect");
    }
    if (users.isPresent()
        && !requestUser.current().equals(Optional.ofNullable(session.userName()))) {
      throw new TablewaveException(
          ErrorCode.PERMISSION_DENIED,
          "connection " + connectionId + " belongs to another user; open your own connection");
    }
    return session;
  }

  /**
   * The session of a new connection: with a users file, its user is the one the request
   * authenticated.
   */
  private Session newSession(String connectionId, Map<String, String> properties) {
    int parallelism = parallelism(properties.get("parallelism"));
    String user;
    Role role;
    if (users.isEmpty()) {
      user = properties.get("user");
      role = Role.LOADER;
    } else {
      String authenticated =
          requestUser
              .current()
              .orElseThrow(
                  () ->
                      new TablewaveException(
                          ErrorCode.PERMISSION_DENIED,
                          "this server needs a user name and password: give the connection properties user and password"));
      role =
          users
              .get()
              .role(authenticated)
              .orElseThrow(
                  () ->
                      new TablewaveException(
                          ErrorCode.PERMISSION_DENIED,
                          "user " + authenticated + " is not in the server's users file"));
      user = authenticated;
    }
    String watched = properties.get(BATCHES_OF);
    if (watched == null || watched.isBlank()) {
      return new Session(connectionId, user, role, parallelism);
    }
    // session() refuses a connection of another user when the server authenticates its users
    return new Session(connectionId, user, role, parallelism, session(watched.strip()).batches());
  }

  private int parallelism(String value) {
    if (value == null || value.isBlank()) {
      return defaultParallelism;
    }
    try {
      int parallelism = Integer.parseInt(value.strip());
      if (parallelism < 1) {
        throw new NumberFormatException();
      }
      return parallelism;
    } catch (NumberFormatException e) {
      throw new TablewaveException(
          ErrorCode.INVALID_PROPERTY,
          "connection property parallelism must be a positive integer, got '" + value + "'");
    }
  }

  private interface Work<T> {
    T run() throws Exception;
  }

  private static <T> T guard(Work<T> work) {
    try {
      return work.run();
    } catch (Exception | LinkageError e) {
      throw ErrorTranslator.translate(e);
    }
  }
}
