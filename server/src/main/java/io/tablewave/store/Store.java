package io.tablewave.store;

import io.tablewave.data.Column;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The SQL database that holds the materialized tables and the registry, reached through a
 * connection pool. Table names given to these methods are physical names in {@link #dataSchema()},
 * unquoted; the store quotes them.
 */
public interface Store extends AutoCloseable {
  StoreKind kind();

  /** The pooled data source; callers close every connection they take. */
  DataSource dataSource();

  /** The dialect Calcite uses to generate SQL for this store. */
  SqlDialect calciteDialect();

  /** The schema that holds user tables (e.g. {@code main} for DuckDB). */
  String dataSchema();

  /** The schema that holds the registry's tables. */
  String registrySchema();

  /** Quotes an identifier for this store. */
  String quote(String identifier);

  /** The quoted, schema-qualified name of a physical table in the data schema. */
  default String qualified(String physicalTable) {
    return quote(dataSchema()) + "." + quote(physicalTable);
  }

  /** Whether whole queries, joins included, are better run by the store than by Calcite. */
  boolean runsJoinsWell();

  /**
   * Creates {@code physicalTable} in the data schema as the result of {@code query}, a query the
   * store runs (a Calcite tree written in the store's dialect), with exactly {@code columns}: the
   * query's columns by position, cast to these types and given these names. Returns the number of
   * rows the table holds. The statement is handed to {@code whileRunning} before it runs so that
   * another thread can cancel it, and the returned handle is closed as soon as the statement has
   * run, before its connection is used for anything else.
   */
  long createTableAs(
      String physicalTable,
      List<Column> columns,
      SqlNode query,
      Function<Statement, Watch> whileRunning);

  /** A statement offered to another thread for cancelling until it is withdrawn. */
  @FunctionalInterface
  interface Watch {
    Watch NONE = () -> false;

    /**
     * Withdraws the offer; once this returns, nobody cancels the statement any more.
     *
     * @return true when the statement was cancelled meanwhile: its connection may still carry the
     *     interrupt (DuckDB's outlives the statement) and must not serve anyone else
     */
    boolean withdraw();
  }

  /**
   * Creates {@code physicalTable} with these columns and opens the store's fastest bulk path into
   * it.
   */
  TableWriter openWriter(String physicalTable, List<Column> columns);

  /**
   * Opens the store's bulk path into {@code physicalTable}, which exists, on {@code connection} and
   * in its transaction: {@link TableWriter#finish()} sends the rows without committing, and closing
   * the writer leaves the table and the connection to the caller. Not every store can (see {@link
   * #appendsInRegistryTransaction}).
   */
  TableWriter openWriter(Connection connection, String physicalTable, List<Column> columns);

  /**
   * Opens one more writer into {@code physicalTable}, which a writer of {@link #openWriter(String,
   * List)} created, for rows written beside that writer's on another thread: on a connection and in
   * a transaction of its own, committed at {@link TableWriter#finish()}. Closing it unfinished
   * rolls its rows back and leaves the table.
   */
  TableWriter openParallelWriter(String physicalTable, List<Column> columns);

  /**
   * How many writers into one table, each on its own thread, write faster than one: 1 where they
   * would only wait for each other.
   */
  default int parallelWriters() {
    return 1;
  }

  void dropTableIfExists(String physicalTable);

  /**
   * Appends every row of {@code fromTable} to {@code toTable}, both in the data schema, matching
   * {@code columns} by name, on {@code connection} and in its transaction: the caller commits. The
   * statement is offered to {@code whileRunning} as in {@link #createTableAs}.
   *
   * @return the rows appended
   */
  long appendRows(
      Connection connection,
      String fromTable,
      String toTable,
      List<String> columns,
      Function<Statement, Watch> whileRunning)
      throws SQLException;

  /**
   * The names Tablewave gives the columns of a physical table whose columns the store reports as
   * {@code stored}: the same, except in a store that folds names to one case.
   */
  default List<String> shownColumnNames(String physicalTable, List<String> stored) {
    return stored;
  }

  /**
   * The value this store's own {@code AVG} gives over a column of type {@code argument}, written
   * from the column's sum and non-NULL count (as {@link io.tablewave.refresh.AggregateMerge} keeps
   * them) in this store's arithmetic, so that a merged AVG, cast to the column's type as a full
   * rebuild casts, is the value a full rebuild gives. NULL when the count is 0. Empty when this
   * store does not merge AVG of that type (a table with it is recomputed in full).
   *
   * @param sum the sum of the values, typed as {@link io.tablewave.refresh.AggregateMerge} keeps it
   *     for {@code argument}
   * @param count the count of non-NULL values, a BIGINT
   */
  default Optional<SqlNode> average(SqlNode sum, SqlNode count, Column argument) {
    return Optional.empty();
  }

  /** Whether this store merges an AVG of a column of type {@code argument} ({@link #average}). */
  default boolean mergesAverage(Column argument) {
    SqlNode placeholder = new SqlIdentifier("X", SqlParserPos.ZERO);
    return average(placeholder, placeholder, argument).isPresent();
  }

  /**
   * Whether the {@link #average} of a column of type {@code argument} is what this store's own
   * {@code AVG} gives to the last digit, so that a table can be built from its merge state instead
   * of from its input without a value changing.
   */
  default boolean averagesExactly(Column argument) {
    return mergesAverage(argument);
  }

  /** The name under which the store's metadata lists a physical table. */
  default String listedName(String physicalTable) {
    return physicalTable;
  }

  /**
   * Whether appends run in the registry's transaction (see {@link #appendRows}). A store that
   * commits each statement on its own instead makes appends repeatable: a refresh first removes the
   * rows a crashed refresh appended past the registry's offsets ({@link #deleteFromOffsets}).
   */
  default boolean appendsInRegistryTransaction() {
    return true;
  }

  /**
   * Deletes the rows of {@code physicalTable} whose {@code _partition} is a key of {@code
   * fromOffsets} and whose {@code _offset} is at least its value.
   */
  default void deleteFromOffsets(String physicalTable, java.util.Map<Integer, Long> fromOffsets) {
    throw new UnsupportedOperationException(kind() + " appends in the registry's transaction");
  }

  /** The names of the columns of a physical table in the data schema, in order. */
  List<String> columnNames(String physicalTable);

  /**
   * The columns of a physical table in the data schema, in order, named as the store names them and
   * typed as Tablewave reads them.
   */
  List<Column> columns(String physicalTable);

  /** Gives a physical table another name in the data schema. */
  void renameTable(String physicalTable, String newName);

  /** Names of the tables in the data schema. */
  Set<String> listDataTables();

  long rowCount(String physicalTable);

  /** Product name and version, e.g. {@code DuckDB v1.4.4}. */
  String productDescription();

  /** Connections of the pool in use right now; 0 when nothing runs. */
  int activeConnections();

  @Override
  void close();
}
