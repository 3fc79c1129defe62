package io.tablewave.store;

import static java.util.Objects.requireNonNull;

import io.tablewave.data.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.sql.SqlAlienSystemTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.ddl.SqlDdlNodes;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The statements a store runs on its tables, built as Calcite SQL trees and written in the store's
 * dialect, so that quoting and the shape of each statement follow one set of rules. Column types
 * are the store's own DDL names, which {@code typeName} gives.
 */
final class StoreStatements {
  private static final SqlParserPos POS = SqlParserPos.ZERO;
  private static final String CAST_INPUT = "q";

  private final SqlDialect dialect;
  private final String dataSchema;
  private final Function<Column, String> typeName;

  StoreStatements(SqlDialect dialect, String dataSchema, Function<Column, String> typeName) {
    this.dialect = requireNonNull(dialect, "dialect is null");
    this.dataSchema = requireNonNull(dataSchema, "dataSchema is null");
    this.typeName = requireNonNull(typeName, "typeName is null");
  }

  /** An identifier quoted for the store. */
  String quote(String identifier) {
    return write(new SqlIdentifier(requireNonNull(identifier, "identifier is null"), POS));
  }

  /** The quoted, schema-qualified name of a table of the data schema. */
  String qualified(String physicalTable) {
    return write(table(physicalTable));
  }

  /** {@code CREATE TABLE t (c type [NOT NULL], ...)}, for columns the store already declared. */
  String createTable(String physicalTable, List<Column> declaredColumns) {
    SqlNodeList definitions = new SqlNodeList(POS);
    for (Column column : declaredColumns) {
      definitions.add(
          SqlDdlNodes.column(
              POS,
              new SqlIdentifier(column.name(), POS),
              typeSpec(column).withNullable(column.nullable()),
              null,
              column.nullable() ? ColumnStrategy.NULLABLE : ColumnStrategy.NOT_NULLABLE));
    }
    return write(
        SqlDdlNodes.createTable(POS, false, false, table(physicalTable), definitions, null));
  }

  /**
   * {@code CREATE TABLE t AS SELECT CAST(q.c1 AS type) AS name, ... FROM (query) AS q(c1, ...)}:
   * the table gets exactly these columns, named and typed as given, whatever names and types the
   * store would give the query's own columns.
   */
  String createTableAs(String physicalTable, List<Column> columns, SqlNode query) {
    List<String> positional = new ArrayList<>();
    SqlNodeList selectList = new SqlNodeList(POS);
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      String position = "c" + (i + 1);
      positional.add(position);
      SqlNode cast =
          SqlStdOperatorTable.CAST.createCall(
              POS, new SqlIdentifier(List.of(CAST_INPUT, position), POS), typeSpec(column));
      selectList.add(
          SqlStdOperatorTable.AS.createCall(POS, cast, new SqlIdentifier(column.name(), POS)));
    }
    List<SqlNode> aliased = new ArrayList<>();
    aliased.add(query);
    aliased.add(new SqlIdentifier(CAST_INPUT, POS));
    positional.forEach(name -> aliased.add(new SqlIdentifier(name, POS)));
    SqlSelect select = select(selectList, SqlStdOperatorTable.AS.createCall(POS, aliased), null);
    return write(SqlDdlNodes.createTable(POS, false, false, table(physicalTable), null, select));
  }

  String dropTableIfExists(String physicalTable) {
    return write(SqlDdlNodes.dropTable(POS, true, table(physicalTable)));
  }

  String createSchemaIfNotExists(String schema) {
    return write(SqlDdlNodes.createSchema(POS, false, true, new SqlIdentifier(schema, POS)));
  }

  /** Calcite has no tree for a rename; its two names are written by the dialect all the same. */
  String renameTable(String physicalTable, String newName) {
    return "ALTER TABLE " + qualified(physicalTable) + " RENAME TO " + quote(newName);
  }

  String countRows(String physicalTable) {
    SqlNodeList count =
        SqlNodeList.of(SqlStdOperatorTable.COUNT.createCall(POS, SqlIdentifier.star(POS)));
    return write(select(count, table(physicalTable), null));
  }

  /** {@code SELECT * FROM t WHERE FALSE}: the table's columns without reading a row. */
  String noRows(String physicalTable) {
    return write(
        select(
            SqlNodeList.of(SqlIdentifier.star(POS)),
            table(physicalTable),
            SqlLiteral.createBoolean(false, POS)));
  }

  /** {@code INSERT INTO to (c, ...) SELECT c, ... FROM from}: columns matched by name. */
  String insertSelect(String toTable, String fromTable, List<String> columns) {
    SqlNodeList names = new SqlNodeList(POS);
    columns.forEach(name -> names.add(new SqlIdentifier(name, POS)));
    return write(
        new SqlInsert(
            POS, SqlNodeList.EMPTY, table(toTable), select(names, table(fromTable), null), names));
  }

  private static SqlSelect select(SqlNodeList selectList, SqlNode from, SqlNode where) {
    return new SqlSelect(
        POS, null, selectList, from, where, null, null, null, null, null, null, null, null);
  }

  private SqlIdentifier table(String physicalTable) {
    return new SqlIdentifier(
        List.of(dataSchema, requireNonNull(physicalTable, "physicalTable is null")), POS);
  }

  private SqlDataTypeSpec typeSpec(Column column) {
    return new SqlDataTypeSpec(
        new SqlAlienSystemTypeNameSpec(typeName.apply(column), SqlTypeName.ANY, POS), POS);
  }

  private String write(SqlNode node) {
    return node.toSqlString(
            config ->
                config
                    .withDialect(dialect)
                    .withAlwaysUseParentheses(false)
                    .withClauseStartsLine(false)
                    .withSelectListItemsOnSeparateLines(false)
                    .withIndentation(0))
        .getSql();
  }
}
