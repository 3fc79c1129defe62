package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.TablewaveException;
import io.tablewave.sql.parser.ScriptStatement;
import io.tablewave.sql.parser.impl.ParseException;
import io.tablewave.sql.parser.impl.TablewaveParserImpl;
import io.tablewave.sql.parser.impl.Token;
import io.tablewave.sql.parser.impl.TokenMgrError;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.parser.SqlAbstractParserImpl;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.util.SourceStringReader;

/**
 * Parses a script of Tablewave SQL into its statements, in order. Statements are separated by
 * semicolons as the grammar sees them, so a semicolon inside a string or a comment does not split.
 * Thread-safe: every call uses a parser of its own.
 */
public final class SqlScriptParser {
  private final SqlParser.Config config;

  /** A parser with {@link #defaultConfig()}. */
  public SqlScriptParser() {
    this(defaultConfig());
  }

  /**
   * A parser that takes quoting, casing, identifier length and conformance from {@code config}; the
   * grammar is always Tablewave's.
   */
  public SqlScriptParser(SqlParser.Config config) {
    this.config =
        requireNonNull(config, "config is null").withParserFactory(TablewaveParserImpl.FACTORY);
  }

  /**
   * Calcite's defaults (double-quoted identifiers, unquoted ones upper-cased, quoted ones kept, at
   * most 128 characters) with Tablewave's grammar and the lenient conformance, which accepts forms
   * users write every day such as {@code !=} and {@code LIMIT}.
   */
  public static SqlParser.Config defaultConfig() {
    return SqlParser.config()
        .withParserFactory(TablewaveParserImpl.FACTORY)
        .withConformance(SqlConformanceEnum.LENIENT);
  }

  /** The configuration this parser uses. */
  public SqlParser.Config config() {
    return config;
  }

  /**
   * The statements of {@code script} in order; empty when the script holds only white space,
   * comments and semicolons.
   *
   * @throws TablewaveException {@code SYNTAX_ERROR} with line and column relative to the whole
   *     script, or {@code UNSUPPORTED_STATEMENT} for statements Tablewave does not run
   */
  public List<ParsedStatement> parse(String script) {
    requireNonNull(script, "script is null");
    if (script.isEmpty()) {
      // the generated parser cannot be built over an empty buffer
      return List.of();
    }
    final TablewaveParserImpl parser = newParser(script);
    final List<ScriptStatement> statements = new ArrayList<>();
    while (true) {
      Token start = null;
      final ScriptStatement statement;
      try {
        start = parser.getToken(1);
        statement = parser.NextScriptStatement();
      } catch (ParseException | TokenMgrError | RuntimeException e) {
        throw SyntaxErrors.translate(e, parser, start);
      }
      if (statement == null) {
        break;
      }
      statements.add(statement);
    }
    return new StatementConverter(new ScriptText(script)).convert(statements);
  }

  private TablewaveParserImpl newParser(String script) {
    final TablewaveParserImpl parser =
        (TablewaveParserImpl) TablewaveParserImpl.FACTORY.getParser(new SourceStringReader(script));
    parser.setTabSize(1);
    parser.setQuotedCasing(config.quotedCasing());
    parser.setUnquotedCasing(config.unquotedCasing());
    parser.setIdentifierMaxLength(config.identifierMaxLength());
    parser.setTimeUnitCodes(config.timeUnitCodes());
    parser.setConformance(config.conformance());
    parser.switchTo(SqlAbstractParserImpl.LexicalState.forConfig(config));
    return parser;
  }
}
