package io.tablewave.sql;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A script's text addressed by the parser's 1-based line and column. Line breaks are counted as the
 * parser's lexer counts them: {@code \r\n}, {@code \r} and {@code \n} each end a line.
 */
final class ScriptText {
  private final String text;
  private final int[] lineStarts;

  ScriptText(String text) {
    this.text = requireNonNull(text, "text is null");
    final List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      final char c = text.charAt(i);
      if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
        i++;
        starts.add(i + 1);
      } else if (c == '\r' || c == '\n') {
        starts.add(i + 1);
      }
    }
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The offset in the text of the character at {@code line} and {@code column}. */
  int offset(int line, int column) {
    if (line < 1 || line > lineStarts.length || column < 1) {
      throw new IllegalArgumentException("No character at line " + line + ", column " + column);
    }
    return Math.min(lineStarts[line - 1] + column - 1, text.length());
  }

  /** The text from the first position to the last, both inclusive. */
  String between(int beginLine, int beginColumn, int endLine, int endColumn) {
    final int begin = offset(beginLine, beginColumn);
    final int end = Math.min(offset(endLine, endColumn) + 1, text.length());
    return text.substring(begin, Math.max(begin, end));
  }
}
