package io.tablewave.sql;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.sql.parser.impl.ParseException;
import io.tablewave.sql.parser.impl.TablewaveParserImpl;
import io.tablewave.sql.parser.impl.TablewaveParserImplConstants;
import io.tablewave.sql.parser.impl.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Turns the parser's failures into messages for people. */
final class SyntaxErrors {
  private static final int MAX_EXPECTED = 8;
  private static final String NON_QUERY = "Non-query expression encountered in illegal context";
  private static final Pattern LEXICAL =
      Pattern.compile(
          "(?s)Lexical error at line \\d+, column \\d+\\.\\s*Encountered: (.*?)(?:, after : \"(.*)\")?");

  /** Statements that start with these words are not Tablewave statements at all. */
  private static final Set<String> FOREIGN_STATEMENTS =
      Set.of(
          "ALTER",
          "ANALYZE",
          "CALL",
          "COMMENT",
          "COMMIT",
          "COPY",
          "DECLARE",
          "DELETE",
          "DESC",
          "DESCRIBE",
          "EXECUTE",
          "GRANT",
          "INSERT",
          "LOCK",
          "MERGE",
          "PREPARE",
          "RENAME",
          "REPLACE",
          "RESET",
          "REVOKE",
          "ROLLBACK",
          "SAVEPOINT",
          "SET",
          "SHOW",
          "START",
          "TRUNCATE",
          "UPDATE",
          "UPSERT",
          "USE",
          "VACUUM");

  /**
   * What CREATE and DROP may name besides TABLE; a typo such as CREATE TABEL stays a syntax error.
   */
  private static final Set<String> OTHER_OBJECTS =
      Set.of(
          "CATALOG",
          "DATABASE",
          "EXTERNAL",
          "FOREIGN",
          "FUNCTION",
          "GLOBAL",
          "INDEX",
          "LOCAL",
          "MACRO",
          "MATERIALIZED",
          "PROCEDURE",
          "ROLE",
          "SCHEMA",
          "SEQUENCE",
          "TEMP",
          "TEMPORARY",
          "TRIGGER",
          "TYPE",
          "UNIQUE",
          "USER",
          "VIEW");

  private SyntaxErrors() {}

  /**
   * The exception for a failure of the statement that starts at {@code start} (which may be
   * preceded by semicolons).
   */
  static TablewaveException translate(Throwable failure, TablewaveParserImpl parser, Token start) {
    final Token first = skipSemicolons(start);
    final Optional<String> foreign = foreignStatement(first);
    if (foreign.isPresent()) {
      return StatementConverter.unsupported(foreign.get(), first.beginLine, first.beginColumn);
    }
    final SqlParseException normalized = parser.normalizeException(failure);
    final SqlParserPos pos = normalized.getPos();
    final String where =
        pos == null
            ? "Syntax error"
            : "Syntax error at line " + pos.getLineNum() + ", column " + pos.getColumnNum();
    return new TablewaveException(
        ErrorCode.SYNTAX_ERROR, where + ": " + detail(failure, normalized), failure);
  }

  private static String detail(Throwable failure, SqlParseException normalized) {
    if (failure instanceof ParseException parseException
        && parseException.currentToken != null
        && parseException.expectedTokenSequences != null) {
      final Token found = parseException.currentToken.next;
      return "found " + describe(found) + ", expected " + expected(normalized);
    }
    final Throwable cause = normalized.getCause() != null ? normalized.getCause() : failure;
    final String message = String.valueOf(cause.getMessage()).strip();
    if (message.startsWith(NON_QUERY)) {
      return "a statement must start here (SELECT, VALUES, WITH, CREATE TABLE, DROP TABLE, EXPLAIN, BEGIN "
          + "or CANCEL BATCH), but an expression was found";
    }
    final Matcher lexical = LEXICAL.matcher(message);
    if (lexical.matches()) {
      final String what =
          lexical.group(1).startsWith("<EOF>")
              ? "end of input"
              : "character " + lexical.group(1).replaceAll(" \\(\\d+\\)$", "");
      return printable(
          "unexpected "
              + what
              + (lexical.group(2) == null || lexical.group(2).isEmpty()
                  ? ""
                  : " after \"" + lexical.group(2) + "\""));
    }
    return message;
  }

  /**
   * Control, unassigned and replacement characters as U+XXXX, so that a message shows what was
   * sent.
   */
  private static String printable(String text) {
    final StringBuilder out = new StringBuilder();
    text.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)
                  || !Character.isDefined(c)
                  || Character.getType(c) == Character.SURROGATE
                  || c == 0xFFFD) {
                out.append(String.format(Locale.ROOT, "U+%04X", c));
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  private static String describe(Token token) {
    if (token == null || token.kind == TablewaveParserImplConstants.EOF) {
      return "end of input";
    }
    return "\"" + printable(token.image) + "\"";
  }

  private static String expected(SqlParseException normalized) {
    final Set<String> unique = new LinkedHashSet<>();
    for (String name : normalized.getExpectedTokenNames()) {
      unique.add(friendly(name));
    }
    final List<String> names = new ArrayList<>(unique);
    if (names.isEmpty()) {
      return "something else";
    }
    if (names.size() == 1) {
      return names.get(0);
    }
    final int shown = Math.min(names.size(), MAX_EXPECTED);
    final String list = String.join(", ", names.subList(0, shown));
    return "one of "
        + list
        + (names.size() > shown ? " (and " + (names.size() - shown) + " more)" : "");
  }

  /**
   * Token names as people say them; the lexer's variants of identifiers, strings and numbers merge.
   */
  private static String friendly(String tokenName) {
    if (!tokenName.startsWith("<")) {
      return tokenName;
    }
    if (tokenName.endsWith("IDENTIFIER>")) {
      return "an identifier";
    }
    if (tokenName.contains("STRING")) {
      return "a string";
    }
    if (tokenName.endsWith("NUMERIC_LITERAL>")) {
      return "a number";
    }
    return switch (tokenName) {
      case "<EOF>" -> "end of input";
      case "<UNSIGNED_INTEGER_LITERAL>" -> "an integer";
      case "<KAFKA_URI>" -> "kafka://topic";
      default -> tokenName;
    };
  }

  /** The kind of a statement Tablewave does not run, judged from its first words. */
  private static Token skipSemicolons(Token start) {
    Token first = start;
    while (first != null && first.kind == TablewaveParserImplConstants.SEMICOLON) {
      first = first.next;
    }
    return first;
  }

  private static Optional<String> foreignStatement(Token first) {
    if (first == null || first.kind == TablewaveParserImplConstants.EOF) {
      return Optional.empty();
    }
    final String word = first.image.toUpperCase(Locale.ROOT);
    if (word.equals("CREATE") || word.equals("DROP")) {
      Token next = first.next;
      if (word.equals("CREATE")
          && next != null
          && next.kind == TablewaveParserImplConstants.OR
          && next.next != null
          && next.next.kind == TablewaveParserImplConstants.REPLACE) {
        next = next.next.next;
      }
      if (next == null) {
        return Optional.empty();
      }
      final String object = next.image.toUpperCase(Locale.ROOT);
      return OTHER_OBJECTS.contains(object) ? Optional.of(word + " " + object) : Optional.empty();
    }
    return FOREIGN_STATEMENTS.contains(word) ? Optional.of(word) : Optional.empty();
  }
}
