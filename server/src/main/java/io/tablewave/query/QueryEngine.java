package io.tablewave.query;

import static java.util.Objects.requireNonNull;

import com.google.common.base.Suppliers;
import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.registry.Registry;
import io.tablewave.store.Store;
import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.calcite.adapter.jdbc.JdbcConvention;
import org.apache.calcite.adapter.jdbc.JdbcSchema;
import org.apache.calcite.adapter.jdbc.StoreTables;
import org.apache.calcite.jdbc.CalciteConnection;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.linq4j.tree.Expression;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.Schemas;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.tools.ValidationException;

/**
 * Opens Calcite connections whose root holds every schema users see: {@code PUBLIC} over the store,
 * plus the schemas given at construction ({@code SYS}, {@code INFORMATION_SCHEMA}, {@code KAFKA}).
 * Names match case-insensitively; unquoted names are upper-cased.
 */
public final class QueryEngine {
  public static final String PUBLIC = "PUBLIC";
  private static final String CALCITE_METADATA_SCHEMA = "metadata";

  /**
   * Tables whose columns are kept in memory; far more than a server holds at its default capacity.
   */
  private static final long REGISTERED_COLUMNS_CACHED = 100_000;

  /** Store statements of CTAS queries kept for their next run. */
  private static final long STORE_QUERIES_KEPT = 1_000;

  private static final String PARSER_FACTORY =
      "io.tablewave.sql.parser.impl.TablewaveParserImpl#FACTORY";

  private final Store store;
  private final Registry registry;
  private final Map<String, Schema> otherSchemas;
  private final org.apache.calcite.jdbc.Driver calciteDriver;
  private final RegisteredColumns registeredColumns =
      new RegisteredColumns(REGISTERED_COLUMNS_CACHED);
  private final Supplier<JdbcSchema> metadataSchema = Suppliers.memoize(this::metadataSchema);
  private final JavaTypeFactoryImpl typeFactory =
      new JavaTypeFactoryImpl(TablewaveTypeSystem.INSTANCE);
  private final KeptStoreQueries storeQueries;
  private final QueryTranslation translation = new QueryTranslation();

  public QueryEngine(Store store, Registry registry, Map<String, Schema> otherSchemas) {
    this(store, registry, otherSchemas, Set.of());
  }

  /**
   * @param fixedSchemas those of {@code otherSchemas} whose tables never change their columns: a
   *     plan reading only them and {@code PUBLIC} is kept for the next run of its text on its
   *     connection
   */
  public QueryEngine(
      Store store, Registry registry, Map<String, Schema> otherSchemas, Set<String> fixedSchemas) {
    this.store = requireNonNull(store, "store is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.storeQueries =
        new KeptStoreQueries(STORE_QUERIES_KEPT, asked -> PublicSchema.answer(registry, asked));
    this.otherSchemas = new LinkedHashMap<>(otherSchemas);
    Set<String> kept = new HashSet<>(fixedSchemas);
    kept.add(PUBLIC);
    PreparedPlans plans = new PreparedPlans(registry::tablesVersion, kept);
    this.calciteDriver = new org.apache.calcite.jdbc.Driver().withPrepareFactory(() -> plans);
  }

  public Connection openConnection() throws SQLException {
    return openConnection(Map.of(), new QueryCancel());
  }

  /** A connection whose queries {@code cancel} stops: a client's. */
  public Connection openConnection(QueryCancel cancel) throws SQLException {
    return openConnection(Map.of(), cancel);
  }

  /**
   * A connection that also sees {@code staged} tables in {@code PUBLIC}: name to physical table;
   * {@code cancel} stops its store statements.
   */
  public Connection openConnection(Map<String, String> staged, QueryCancel cancel)
      throws SQLException {
    return openConnection(staged, cancel, new TableResolutions());
  }

  private Connection openConnection(
      Map<String, String> staged, QueryCancel cancel, TableResolutions resolutions)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("caseSensitive", "false");
    properties.setProperty("unquotedCasing", "TO_UPPER");
    properties.setProperty("quotedCasing", "UNCHANGED");
    properties.setProperty("parserFactory", PARSER_FACTORY);
    properties.setProperty("timeZone", "UTC");
    // the same conformance the script parser uses, so that every query a CTAS accepts also runs
    properties.setProperty("conformance", "LENIENT");
    properties.setProperty("typeSystem", TablewaveTypeSystem.class.getName() + "#INSTANCE");
    Connection connection = calciteDriver.connect("jdbc:calcite:", properties);
    CalciteConnection calcite = connection.unwrap(CalciteConnection.class);
    SchemaPlus root = calcite.getRootSchema();
    // Calcite's own "metadata" schema duplicates INFORMATION_SCHEMA and would confuse navigators.
    CalciteSchema.from(root).removeSubSchema(CALCITE_METADATA_SCHEMA);
    addUncached(root, PUBLIC, publicSchema(root, staged, cancel, resolutions));
    otherSchemas.forEach((name, schema) -> addUncached(root, name, schema));
    calcite.setSchema(PUBLIC);
    return connection;
  }

  /**
   * The {@code PUBLIC} schema of a root: the registered tables, and {@code staged} ones under their
   * names; its lookups are recorded in {@code resolutions}.
   */
  private PublicSchema publicSchema(
      SchemaPlus root,
      Map<String, String> staged,
      QueryCancel cancel,
      TableResolutions resolutions) {
    Expression expression = Schemas.subSchemaExpression(root, PUBLIC, JdbcSchema.class);
    StoreConvention convention =
        new StoreConvention(store.calciteDialect(), expression, PUBLIC, store.runsJoinsWell());
    return new PublicSchema(
        cancel.track(store.dataSource()),
        store.calciteDialect(),
        convention,
        store.dataSchema(),
        registry,
        Map.copyOf(staged),
        registeredColumns,
        columnNames(),
        resolutions);
  }

  /**
   * A root holding {@code PUBLIC} alone, outside any Calcite connection: for a query translated for
   * the store, which reads no other schema.
   */
  private SchemaPlus publicOnly(
      Map<String, String> staged, QueryCancel cancel, TableResolutions resolutions) {
    SchemaPlus root = CalciteSchema.createRootSchema(false, true).plus();
    addUncached(root, PUBLIC, publicSchema(root, staged, cancel, resolutions));
    return requireNonNull(root.getSubSchema(PUBLIC), "PUBLIC");
  }

  /**
   * Adds {@code schema} to {@code root} with Calcite's name cache off, so that every lookup asks
   * the schema. Calcite makes a schema's lookups on their first use, cached whatever {@code
   * setCacheEnabled} said before, and a cached lookup lists every table of the schema to answer one
   * name ignoring case (a CTAS over one table looked at all 10,000 of a large server). The lookups
   * are made first so that turning the cache off reaches them.
   */
  static void addUncached(SchemaPlus root, String name, Schema schema) {
    SchemaPlus added = root.add(name, schema);
    CalciteSchema calcite = CalciteSchema.from(added);
    calcite.tables();
    calcite.subSchemas();
    added.setCacheEnabled(false);
  }

  /**
   * A connection to the store whose statements {@code cancel} stops: for a query that runs in the
   * store as one statement.
   */
  public Connection openStoreConnection(QueryCancel cancel) throws SQLException {
    return cancel.track(store.dataSource()).getConnection();
  }

  /** How the store's names of tables and columns become Tablewave's. */
  private StoreTables.ColumnNames columnNames() {
    return new StoreTables.ColumnNames() {
      @Override
      public List<String> shown(String physicalTable, List<String> stored) {
        return store.shownColumnNames(physicalTable, stored);
      }

      @Override
      public String listedName(String physicalTable) {
        return store.listedName(physicalTable);
      }
    };
  }

  /** A number that changes whenever a table is added, changed or removed. */
  public long tablesVersion() {
    return registry.tablesVersion();
  }

  /** The schemas besides {@code PUBLIC} that queries see, by name. */
  public Map<String, Schema> otherSchemas() {
    return Collections.unmodifiableMap(otherSchemas);
  }

  /**
   * The columns of a registered table as a query that reads it sees them: those of its physical
   * table in the store, read once per physical table (they never change) and shared with the query
   * path.
   */
  public List<Column> registeredColumns(String physicalTable) {
    requireNonNull(physicalTable, "physicalTable is null");
    return RowTypes.columns(
        StoreTables.create(
                metadataSchema.get(),
                store.dataSchema(),
                physicalTable,
                registeredColumns,
                columnNames())
            .getRowType(typeFactory));
  }

  /** A schema over the store used only to read the columns of its tables. */
  private JdbcSchema metadataSchema() {
    SchemaPlus root = CalciteSchema.createRootSchema(false, false).plus();
    Expression expression = Schemas.subSchemaExpression(root, PUBLIC, JdbcSchema.class);
    SqlDialect dialect = store.calciteDialect();
    return new JdbcSchema(
        store.dataSource(),
        dialect,
        JdbcConvention.of(dialect, expression, PUBLIC),
        null,
        store.dataSchema());
  }

  /**
   * A query to run in the store: its tree, to be written in the store's dialect, and the columns it
   * returns as Calcite types them.
   */
  public record StoreQuery(SqlNode query, List<Column> columns) {
    public StoreQuery {
      requireNonNull(query, "query is null");
      columns = List.copyOf(columns);
    }
  }

  /**
   * The query as the store's own SQL: planned by Calcite over the store's tables and written back
   * in the store's dialect, so that every name is the one Calcite resolved (a JSON field {@code
   * amount} stays {@code "amount"} however the query spelled it) and every table is its physical
   * table; with the columns Calcite derived, from the same validation (nothing is optimized or
   * compiled, so this costs a fraction of preparing the query). A stop through {@code cancel} ends
   * it between its steps.
   */
  public StoreQuery storeQuery(String querySql, Map<String, String> staged, QueryCancel cancel)
      throws SQLException {
    cancel.checkpoint();
    // A staged table may be staged again under its name with other columns: only queries over
    // registered tables alone are kept.
    boolean keepable = staged.isEmpty();
    if (keepable) {
      Optional<StoreQuery> kept = storeQueries.reusable(querySql);
      if (kept.isPresent()) {
        return kept.get();
      }
    }
    TableResolutions resolutions = new TableResolutions();
    QueryTranslation.Translated translated;
    try {
      translated = translation.translate(querySql, publicOnly(staged, cancel, resolutions), cancel);
    } catch (SqlParseException | ValidationException e) {
      throw new SQLException("cannot plan the query for the store: " + reason(e), e);
    }
    RelRoot root = translated.root();
    StoreQuery storeQuery =
        new StoreQuery(storeStatement(root), RowTypes.columns(root.validatedRowType));
    if (keepable && readsOnlyPublic(root.rel)) {
      storeQueries.keep(querySql, storeQuery, resolutions);
    }
    return storeQuery;
  }

  /**
   * A plain query the store answers alone: its statement there, written in the store's dialect, and
   * the columns a client is told, as Calcite's preparation would describe them.
   *
   * @param fieldOrigins for each column, the {@code [schema, table, column]} it reads, or null when
   *     it is computed
   */
  public record PlainStoreQuery(
      String storeSql, RelDataType rowType, List<List<String>> fieldOrigins) {
    public PlainStoreQuery {
      requireNonNull(storeSql, "storeSql is null");
      requireNonNull(rowType, "rowType is null");
      fieldOrigins = Collections.unmodifiableList(new ArrayList<>(fieldOrigins));
    }
  }

  /**
   * The query as one statement of the store, when the store runs all of it ({@link WholeInStore}):
   * translated without Calcite's optimization and code generation, which cost a plain query's first
   * run several times what the store takes for a small one. Empty when the query reads anything but
   * registered tables, does not parse or validate (Calcite's preparation then reports it as for any
   * query), or needs Calcite to compute part of it; when it is ordered by a column it does not
   * return, which the store keeps only inside a subquery, whose order it need not keep; and when
   * its connection's schema is not {@code PUBLIC}, where a bare name means a table of that schema.
   *
   * @param defaultSchema the schema of the query's connection
   */
  public Optional<PlainStoreQuery> plainStoreQuery(
      String querySql, String defaultSchema, QueryCancel cancel) {
    cancel.checkpoint();
    if (!PUBLIC.equalsIgnoreCase(defaultSchema)) {
      return Optional.empty();
    }
    QueryTranslation.Translated translated;
    try {
      translated =
          translation.translate(
              querySql, publicOnly(Map.of(), cancel, new TableResolutions()), cancel);
    } catch (SqlParseException | ValidationException e) {
      return Optional.empty();
    }
    RelRoot root = translated.root();
    if (!WholeInStore.runs(root.rel, store.calciteDialect(), store.runsJoinsWell())
        || (!root.isRefTrivial() && !root.collation.getFieldCollations().isEmpty())) {
      return Optional.empty();
    }
    String storeSql = storeStatement(root).toSqlString(store.calciteDialect()).getSql();
    return Optional.of(
        new PlainStoreQuery(storeSql, root.validatedRowType, translated.fieldOrigins()));
  }

  /** A translated query as a statement of the store, written for its dialect. */
  private SqlNode storeStatement(RelRoot root) {
    return new RelToSqlConverter(store.calciteDialect())
        .visitRoot(TypedNulls.typed(root.project()))
        .asStatement();
  }

  /** Whether every table the plan reads is one of {@code PUBLIC}, whose lookups are recorded. */
  private static boolean readsOnlyPublic(RelNode plan) {
    return RelOptUtil.findAllTables(plan).stream()
        .allMatch(
            table ->
                table.getQualifiedName().size() == 2
                    && table.getQualifiedName().get(0).equals(PUBLIC));
  }

  public static List<Column> columns(ResultSetMetaData metaData) throws SQLException {
    List<Column> columns = new ArrayList<>();
    for (int i = 1; i <= metaData.getColumnCount(); i++) {
      ColumnType type = ColumnType.fromJdbc(metaData.getColumnType(i));
      int precision = type == ColumnType.DECIMAL ? metaData.getPrecision(i) : 0;
      int scale = type == ColumnType.DECIMAL ? metaData.getScale(i) : 0;
      columns.add(
          new Column(
              metaData.getColumnLabel(i),
              type,
              precision,
              scale,
              metaData.isNullable(i) != ResultSetMetaData.columnNoNulls));
    }
    return columns;
  }

  /**
   * What the validator said, without Calcite's exception class and without line and column: those
   * point into the query as rewritten for the store, not into the statement the user wrote.
   */
  private static String reason(Exception e) {
    Throwable cause = e;
    while (cause.getCause() != null
        && (cause instanceof ValidationException || cause instanceof CalciteContextException)) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? e.getMessage() : cause.getMessage();
  }
}
