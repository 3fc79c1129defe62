package io.tablewave.sql;

import io.tablewave.data.Column;
import io.tablewave.data.ColumnType;
import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.sql.parser.impl.ParseException;
import io.tablewave.sql.parser.impl.TablewaveParserImpl;
import io.tablewave.sql.parser.impl.TablewaveParserImplConstants;
import io.tablewave.sql.parser.impl.Token;
import io.tablewave.sql.parser.impl.TokenMgrError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.SourceStringReader;

/**
 * The {@code 'columns'} property: {@code name TYPE [, name TYPE ...]}, the declared types of a
 * Kafka source's fields. Names and types are read by the SQL grammar's own identifier and data type
 * productions, so quoting, {@code DECIMAL(12, 2)} and {@code TIMESTAMP(3)} mean what they mean in a
 * query; names keep the case they are written in and match fields case-insensitively.
 */
public final class ColumnDeclarations {
  /** The largest DECIMAL precision every store holds. */
  public static final int MAX_DECIMAL_PRECISION = 38;

  /** The precision of a DECIMAL declared without one. */
  public static final int DEFAULT_DECIMAL_PRECISION = 18;

  private static final String EXAMPLE = "'amount DECIMAL(12,2), ts TIMESTAMP(3)'";
  private static final Map<SqlTypeName, ColumnType> TYPES = types();

  /** The names of the metadata columns every Kafka table has; a declaration may not take them. */
  private static final Set<String> RESERVED =
      Set.of("_key", "_partition", "_offset", "_timestamp", "_value");

  private ColumnDeclarations() {}

  /**
   * The declared columns in the order written.
   *
   * @throws TablewaveException {@code INVALID_PROPERTY} for a syntax error (with its column in the
   *     value), an unknown or unsupported type, a bad precision, or a name given twice
   */
  public static List<Column> parse(String key, String value) {
    if (value.isBlank()) {
      throw invalid(key, value, "it declares no column");
    }
    TablewaveParserImpl parser = parser(value);
    Map<String, Column> columns = new LinkedHashMap<>();
    try {
      while (true) {
        SqlIdentifier name = parser.SimpleIdentifier();
        SqlDataTypeSpec type = parser.DataType();
        Column column = column(key, value, name.getSimple(), type);
        Column previous = columns.putIfAbsent(column.name().toLowerCase(Locale.ROOT), column);
        if (previous != null) {
          throw invalid(
              key,
              value,
              "field '"
                  + column.name()
                  + "' is declared twice"
                  + (previous.name().equals(column.name())
                      ? ""
                      : " (also as '" + previous.name() + "')")
                  + "; fields match case-insensitively, declare it once");
        }
        Token next = parser.getToken(1);
        if (next.kind == TablewaveParserImplConstants.EOF) {
          break;
        }
        if (next.kind != TablewaveParserImplConstants.COMMA) {
          throw invalid(
              key,
              value,
              "at column "
                  + next.beginColumn
                  + " found \""
                  + next.image
                  + "\", expected ',' or the end after the type of '"
                  + column.name()
                  + "'");
        }
        parser.getNextToken();
      }
    } catch (ParseException | TokenMgrError e) {
      String syntax =
          SyntaxErrors.translate(e, parser, null)
              .getMessage()
              .replaceFirst("^Syntax error at line 1, column (\\d+)", "syntax error at column $1");
      throw invalid(key, value, syntax);
    }
    return List.copyOf(columns.values());
  }

  private static Column column(String key, String value, String name, SqlDataTypeSpec spec) {
    if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
      throw invalid(
          key,
          value,
          "'" + name + "' is a metadata column of every Kafka table and cannot be declared");
    }
    String written = spec.getTypeNameSpec().getTypeName().toString();
    if (!(spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic)) {
      throw unknownType(key, value, name, written);
    }
    SqlTypeName typeName = SqlTypeName.get(basic.getTypeName().getSimple());
    ColumnType type = typeName == null ? null : TYPES.get(typeName);
    if (type == null) {
      throw unknownType(key, value, name, written);
    }
    if (type != ColumnType.DECIMAL) {
      return Column.of(name, type);
    }
    int precision = basic.getPrecision() < 0 ? DEFAULT_DECIMAL_PRECISION : basic.getPrecision();
    int scale = Math.max(0, basic.getScale());
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale > precision) {
      throw invalid(
          key,
          value,
          "DECIMAL("
              + precision
              + ", "
              + scale
              + ") of field '"
              + name
              + "' is out of range;"
              + " the precision is 1 to "
              + MAX_DECIMAL_PRECISION
              + " and the scale at most the precision");
    }
    return new Column(name, ColumnType.DECIMAL, precision, scale, true);
  }

  private static TablewaveParserImpl parser(String value) {
    TablewaveParserImpl parser =
        (TablewaveParserImpl) TablewaveParserImpl.FACTORY.getParser(new SourceStringReader(value));
    var config = SqlScriptParser.defaultConfig();
    parser.setTabSize(1);
    parser.setQuotedCasing(Casing.UNCHANGED);
    parser.setUnquotedCasing(Casing.UNCHANGED);
    parser.setIdentifierMaxLength(config.identifierMaxLength());
    parser.setConformance(config.conformance());
    parser.switchTo(SqlAbstractParserImpl.LexicalState.forConfig(config));
    return parser;
  }

  private static Map<SqlTypeName, ColumnType> types() {
    Map<SqlTypeName, ColumnType> types = new LinkedHashMap<>();
    types.put(SqlTypeName.BOOLEAN, ColumnType.BOOLEAN);
    types.put(SqlTypeName.TINYINT, ColumnType.INTEGER);
    types.put(SqlTypeName.SMALLINT, ColumnType.INTEGER);
    types.put(SqlTypeName.INTEGER, ColumnType.INTEGER);
    types.put(SqlTypeName.BIGINT, ColumnType.BIGINT);
    types.put(SqlTypeName.REAL, ColumnType.DOUBLE);
    types.put(SqlTypeName.FLOAT, ColumnType.DOUBLE);
    types.put(SqlTypeName.DOUBLE, ColumnType.DOUBLE);
    types.put(SqlTypeName.DECIMAL, ColumnType.DECIMAL);
    types.put(SqlTypeName.CHAR, ColumnType.VARCHAR);
    types.put(SqlTypeName.VARCHAR, ColumnType.VARCHAR);
    types.put(SqlTypeName.DATE, ColumnType.DATE);
    types.put(SqlTypeName.TIME, ColumnType.TIME);
    types.put(SqlTypeName.TIMESTAMP, ColumnType.TIMESTAMP);
    return types;
  }

  private static TablewaveException unknownType(
      String key, String value, String name, String written) {
    List<String> names = new ArrayList<>();
    TYPES.keySet().forEach(t -> names.add(t.getName()));
    return invalid(
        key,
        value,
        "unknown type "
            + written
            + " for field '"
            + name
            + "'; the types are "
            + String.join(", ", names));
  }

  private static TablewaveException invalid(String key, String value, String problem) {
    return new TablewaveException(
        ErrorCode.INVALID_PROPERTY,
        "Invalid value '"
            + value
            + "' for property '"
            + key
            + "': "
            + problem
            + ". Write 'name TYPE, ...', e.g. "
            + EXAMPLE
            + ".");
  }
}
