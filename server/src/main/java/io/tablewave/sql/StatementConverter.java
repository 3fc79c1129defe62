package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.sql.parser.ScriptStatement;
import io.tablewave.sql.parser.SqlAlterTableSet;
import io.tablewave.sql.parser.SqlCancelBatch;
import io.tablewave.sql.parser.SqlCancelSession;
import io.tablewave.sql.parser.SqlCreateTableAs;
import io.tablewave.sql.parser.SqlDropTable;
import io.tablewave.sql.parser.SqlExplainCreateTable;
import io.tablewave.sql.parser.SqlExplainRefresh;
import io.tablewave.sql.parser.SqlRefreshTables;
import io.tablewave.sql.parser.SqlStatementBlock;
import io.tablewave.sql.parser.SqlTableProperty;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Turns the parser's statements into {@link ParsedStatement}s, each with its own text. */
final class StatementConverter {
  static final String SUPPORTED =
      "Tablewave runs queries (SELECT, VALUES, WITH ..., set operations, "
          + "EXPLAIN PLAN FOR query), CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [WITH (...)] AS query, "
          + "DROP TABLE [IF EXISTS] name [RESTRICT | CASCADE], EXPLAIN CREATE TABLE ... (dry run of a batch), "
          + "REFRESH TABLE name [, ...] [FULL], REFRESH ALL [FULL], ALTER TABLE name SET ('key' = 'value', ...), "
          + "EXPLAIN REFRESH ..., BEGIN stmt; ... END and CANCEL BATCH id";

  private final ScriptText text;

  StatementConverter(ScriptText text) {
    this.text = requireNonNull(text, "text is null");
  }

  static TablewaveException unsupported(String kind, int line, int column) {
    return new TablewaveException(
        ErrorCode.UNSUPPORTED_STATEMENT,
        kind + " is not supported (line " + line + ", column " + column + "). " + SUPPORTED + ".");
  }

  /**
   * Converts the statements in order; an EXPLAIN CTAS takes the CTAS statements after it into its
   * batch.
   */
  List<ParsedStatement> convert(List<ScriptStatement> statements) {
    final List<ParsedStatement> result = new ArrayList<>(statements.size());
    int i = 0;
    while (i < statements.size()) {
      final ScriptStatement statement = statements.get(i);
      final SqlNode node = statement.statement();
      if (node instanceof SqlExplainCreateTable || node instanceof SqlExplainRefresh) {
        final List<BatchStatement> batch = new ArrayList<>();
        if (node instanceof SqlExplainCreateTable explain) {
          batch.add(createTableAs(explain.create(), statement));
        } else {
          final SqlRefreshTables refresh = ((SqlExplainRefresh) node).refresh();
          batch.add(refreshTables(refresh, statement));
        }
        int last = i;
        while (last + 1 < statements.size()
            && (statements.get(last + 1).statement() instanceof SqlCreateTableAs
                || statements.get(last + 1).statement() instanceof SqlRefreshTables)) {
          last++;
          final SqlNode next = statements.get(last).statement();
          batch.add(
              next instanceof SqlCreateTableAs create
                  ? createTableAs(create, statements.get(last))
                  : refreshTables((SqlRefreshTables) next, statements.get(last)));
        }
        final ScriptStatement end = statements.get(last);
        result.add(
            new ExplainBatch(
                batch,
                text.between(
                    statement.beginLine(),
                    statement.beginColumn(),
                    end.endLine(),
                    end.endColumn())));
        i = last + 1;
      } else {
        result.add(convert(statement));
        i++;
      }
    }
    return List.copyOf(result);
  }

  private ParsedStatement convert(ScriptStatement statement) {
    final SqlNode node = statement.statement();
    final String sql = text(statement);
    if (node instanceof SqlCreateTableAs create) {
      return createTableAs(create, statement);
    }
    if (node instanceof SqlDropTable drop) {
      return new DropTable(
          tableName(drop.name(), "DROP TABLE"), drop.ifExists, drop.cascade(), sql);
    }
    if (node instanceof SqlRefreshTables refresh) {
      return refreshTables(refresh, statement);
    }
    if (node instanceof SqlAlterTableSet alter) {
      final TableName table = tableName(alter.name(), "ALTER TABLE");
      return new AlterTableSet(table, properties(alter.properties(), table), sql);
    }
    if (node instanceof SqlCancelBatch cancel) {
      return new CancelBatch(cancel.batchId(), sql);
    }
    if (node instanceof SqlCancelSession cancel) {
      return new CancelSession(cancel.sessionId(), sql);
    }
    if (node instanceof SqlSetOption set) {
      return sessionSetting(set, sql);
    }
    if (node instanceof SqlStatementBlock block) {
      for (ScriptStatement inner : block.statements()) {
        if (inner.statement() instanceof SqlStatementBlock) {
          throw unsupported(
              "A BEGIN ... END block inside another block", inner.beginLine(), inner.beginColumn());
        }
      }
      return new StatementBlock(convert(block.statements()), sql);
    }
    if (node.getKind().belongsTo(SqlKind.QUERY)
        || node instanceof SqlExplain explain
            && explain.getExplicandum().getKind().belongsTo(SqlKind.QUERY)) {
      return new QueryStatement(node, sql);
    }
    throw unsupported(statementKind(sql), statement.beginLine(), statement.beginColumn());
  }

  private static SessionSetting sessionSetting(SqlSetOption set, String sql) {
    final String name = set.getName().names.get(set.getName().names.size() - 1);
    final SqlNode value = set.getValue();
    if (value == null) {
      return SessionSetting.of(name, null, sql);
    }
    final String written =
        value instanceof SqlLiteral literal && literal.getValue() != null
            ? literal.toValue()
            : value.toString();
    return SessionSetting.of(name, written, sql);
  }

  /** A CTAS whose text starts at its CREATE (after EXPLAIN, if any) and ends with the statement. */
  private CreateTableAs createTableAs(SqlCreateTableAs create, ScriptStatement statement) {
    final SqlParserPos pos = create.getParserPosition();
    final String sql =
        text.between(
            pos.getLineNum(), pos.getColumnNum(), statement.endLine(), statement.endColumn());
    final TableName table = tableName(create.name(), "CREATE TABLE");
    return new CreateTableAs(
        table,
        create.getReplace(),
        create.ifNotExists,
        properties(create.properties(), table),
        create.query(),
        sql,
        pos.getLineNum(),
        pos.getColumnNum());
  }

  /**
   * A REFRESH whose text starts at its REFRESH (after EXPLAIN, if any) and ends with the statement.
   */
  private RefreshTables refreshTables(SqlRefreshTables refresh, ScriptStatement statement) {
    final SqlParserPos pos = refresh.getParserPosition();
    final String sql =
        text.between(
            pos.getLineNum(), pos.getColumnNum(), statement.endLine(), statement.endColumn());
    final List<TableName> tables = new ArrayList<>();
    for (SqlIdentifier name : refresh.names()) {
      final TableName table = tableName(name, "REFRESH TABLE");
      if (tables.stream().anyMatch(t -> t.key().equals(table.key()))) {
        final SqlParserPos at = name.getParserPosition();
        throw new TablewaveException(
            ErrorCode.DUPLICATE_TABLE_IN_BATCH,
            "REFRESH names table "
                + table
                + " twice (line "
                + at.getLineNum()
                + ", column "
                + at.getColumnNum()
                + "); name each table once.");
      }
      tables.add(table);
    }
    return new RefreshTables(tables, refresh.all(), refresh.full(), sql);
  }

  private static Map<String, String> properties(List<SqlTableProperty> written, TableName table) {
    final Map<String, String> properties = new LinkedHashMap<>();
    for (SqlTableProperty property : written) {
      if (properties.put(property.key(), property.value()) != null) {
        final SqlParserPos at = property.getParserPosition();
        throw new TablewaveException(
            ErrorCode.INVALID_PROPERTY,
            "Property '"
                + property.key()
                + "' of table "
                + table
                + " is given twice (line "
                + at.getLineNum()
                + ", column "
                + at.getColumnNum()
                + "); give each property once.");
      }
    }
    return properties;
  }

  private String text(ScriptStatement statement) {
    return text.between(
        statement.beginLine(), statement.beginColumn(), statement.endLine(), statement.endColumn());
  }

  /** The name of a table in PUBLIC: {@code t} or {@code PUBLIC.t}. */
  static TableName tableName(SqlIdentifier name, String statement) {
    final List<String> names = name.names;
    if (!name.isStar() && names.size() == 1) {
      return new TableName(names.get(0));
    }
    if (!name.isStar() && names.size() == 2 && names.get(0).equalsIgnoreCase(TableNames.PUBLIC)) {
      return new TableName(names.get(1));
    }
    final SqlParserPos pos = name.getParserPosition();
    throw new TablewaveException(
        ErrorCode.UNSUPPORTED_STATEMENT,
        statement
            + " "
            + name
            + " (line "
            + pos.getLineNum()
            + ", column "
            + pos.getColumnNum()
            + "): only tables of schema PUBLIC can be created and dropped; write the name alone or as PUBLIC.name.");
  }

  /** The first words of a statement, naming its kind, e.g. {@code INSERT}. */
  private static String statementKind(String sql) {
    final String[] words = sql.strip().split("[^A-Za-z_]+", 3);
    final String first = words.length > 0 ? words[0].toUpperCase(Locale.ROOT) : "";
    if ((first.equals("CREATE") || first.equals("DROP") || first.equals("ALTER"))
        && words.length > 1) {
      return first + " " + words[1].toUpperCase(Locale.ROOT);
    }
    return first.isEmpty() ? "This statement" : first;
  }
}
