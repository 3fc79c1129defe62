package io.tablewave.refresh;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.registry.Registry;
import io.tablewave.registry.TableEntry;
import io.tablewave.registry.TableStatus;
import io.tablewave.sql.BatchStatement;
import io.tablewave.sql.CreateTableAs;
import io.tablewave.sql.ParsedStatement;
import io.tablewave.sql.RefreshTables;
import io.tablewave.sql.SecretProperties;
import io.tablewave.sql.SqlScriptParser;
import io.tablewave.sql.TableName;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the statements of a batch into its tables: a CTAS is one table; a REFRESH is each table it
 * names (or every table, for ALL) and every table downstream of them, each built by its registered
 * statement as {@code CREATE OR REPLACE} with its current properties (those ALTER TABLE SET gave
 * included). A table that a CTAS of the same batch creates is built by that CTAS; a table two
 * REFRESH statements reach is refreshed once, by the first, FULL if any asked for it.
 */
public final class RefreshExpander {
  private static final TypeReference<LinkedHashMap<String, String>> PROPERTIES =
      new TypeReference<>() {};

  private final Registry registry;
  private final SqlScriptParser parser;
  private final ObjectMapper json = new ObjectMapper();

  public RefreshExpander(Registry registry, SqlScriptParser parser) {
    this.registry = requireNonNull(registry, "registry is null");
    this.parser = requireNonNull(parser, "parser is null");
  }

  /**
   * The tables of the batch, CTAS in order of submission, then the refreshed tables in order of
   * first mention.
   */
  public List<BatchItem> expand(List<BatchStatement> statements) {
    // Every CTAS stays an item, so the planner sees (and refuses) two statements creating one name.
    List<BatchItem> creates = new ArrayList<>();
    Map<String, BatchItem> byTable = new LinkedHashMap<>();
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i) instanceof CreateTableAs create) {
        BatchItem item = new BatchItem(create, i, RefreshMode.STATEMENT);
        creates.add(item);
        byTable.putIfAbsent(create.table().key(), item);
      }
    }
    Map<String, BatchItem> refreshed = new LinkedHashMap<>();
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i) instanceof RefreshTables refresh) {
        RefreshMode mode = refresh.full() ? RefreshMode.REFRESH_FULL : RefreshMode.REFRESH;
        for (String name : reached(refresh)) {
          String key = new TableName(name).key();
          if (byTable.containsKey(key)) {
            continue;
          }
          BatchItem earlier = refreshed.get(key);
          if (earlier == null) {
            refreshed.put(key, new BatchItem(registeredStatement(name), i, mode));
          } else if (mode == RefreshMode.REFRESH_FULL
              && earlier.mode() != RefreshMode.REFRESH_FULL) {
            refreshed.put(key, new BatchItem(earlier.statement(), earlier.statementIndex(), mode));
          }
        }
      }
    }
    // A table that a CTAS replaces brings the tables downstream of it along: they are rebuilt when
    // it
    // changed and up to date when it did not. They belong to no statement of the batch.
    for (BatchItem item : List.copyOf(byTable.values())) {
      CreateTableAs create = item.statement();
      if (!create.orReplace() || registry.table(create.table().name()).isEmpty()) {
        continue;
      }
      for (String name : downstream(List.of(registry.table(create.table().name()).get().name()))) {
        String key = new TableName(name).key();
        boolean loading =
            registry.table(name).map(t -> t.status() == TableStatus.LOADING).orElse(true);
        if (!key.equals(create.table().key())
            && !byTable.containsKey(key)
            && !refreshed.containsKey(key)
            && !loading) {
          refreshed.put(
              key,
              new BatchItem(
                  registeredStatement(name), BatchItem.NO_STATEMENT, RefreshMode.REFRESH));
        }
      }
    }
    List<BatchItem> items = new ArrayList<>(creates);
    items.addAll(refreshed.values());
    return List.copyOf(items);
  }

  /**
   * The tables a REFRESH reloads: those it names, or all, and every table downstream, each once.
   */
  private List<String> reached(RefreshTables refresh) {
    List<String> start = new ArrayList<>();
    if (refresh.all()) {
      registry.tables().stream()
          .filter(t -> t.status() == TableStatus.ACTIVE)
          .forEach(t -> start.add(t.name()));
    } else {
      for (TableName name : refresh.tables()) {
        TableEntry entry =
            registry
                .table(name.name())
                .orElseThrow(
                    () ->
                        new TablewaveException(
                            ErrorCode.TABLE_NOT_FOUND,
                            "cannot refresh table "
                                + name
                                + ": it does not exist (see SYS.TABLES);"
                                + " create it with CREATE TABLE ... AS first"));
        start.add(entry.name());
      }
    }
    return downstream(start);
  }

  /** {@code start} and every table downstream of it, each once, in breadth-first order. */
  private List<String> downstream(List<String> start) {
    Map<String, String> reached = new LinkedHashMap<>();
    Deque<String> work = new ArrayDeque<>(start);
    while (!work.isEmpty()) {
      String name = work.removeFirst();
      if (reached.putIfAbsent(new TableName(name).key(), name) == null) {
        work.addAll(registry.dependentsOf(name));
      }
    }
    return List.copyOf(reached.values());
  }

  /**
   * The statement that built {@code name}, as CREATE OR REPLACE with the table's current
   * properties.
   */
  private CreateTableAs registeredStatement(String name) {
    TableEntry entry =
        registry
            .table(name)
            .orElseThrow(
                () ->
                    new TablewaveException(
                        ErrorCode.TABLE_NOT_FOUND,
                        "cannot refresh table "
                            + name
                            + ": it was dropped while the refresh was planned"));
    if (entry.status() == TableStatus.LOADING) {
      throw new TablewaveException(
          ErrorCode.TABLE_BUSY,
          "cannot refresh table "
              + entry.name()
              + ": its first load is running in batch "
              + entry.batchId()
              + "; wait for it or cancel that batch");
    }
    Map<String, String> properties = properties(entry);
    Optional<String> secret =
        properties.entrySet().stream()
            .filter(e -> SecretProperties.MASK.equals(e.getValue()))
            .map(Map.Entry::getKey)
            .findFirst();
    if (secret.isPresent()) {
      throw new TablewaveException(
          ErrorCode.UNSUPPORTED_STATEMENT,
          "cannot refresh table "
              + entry.name()
              + ": its property '"
              + secret.get()
              + "' is a secret, which the registry does not keep; run its"
              + " CREATE OR REPLACE TABLE statement again instead");
    }
    List<ParsedStatement> parsed = parser.parse(entry.sqlText());
    if (parsed.size() != 1 || !(parsed.get(0) instanceof CreateTableAs registered)) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR,
          "cannot refresh table "
              + entry.name()
              + ": its registered statement is not one CREATE TABLE ... AS (see SYS.TABLES.SQL_TEXT)");
    }
    return new CreateTableAs(
        new TableName(entry.name()),
        true,
        false,
        properties,
        registered.query(),
        registered.sqlText(),
        registered.line(),
        registered.column());
  }

  private Map<String, String> properties(TableEntry entry) {
    try {
      return json.readValue(entry.propertiesJson(), PROPERTIES);
    } catch (JsonProcessingException e) {
      throw new TablewaveException(
          ErrorCode.INTERNAL_ERROR,
          "cannot read the properties of table "
              + entry.name()
              + " from the registry: "
              + e.getOriginalMessage(),
          e);
    }
  }
}
