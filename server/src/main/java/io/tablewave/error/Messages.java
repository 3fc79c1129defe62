package io.tablewave.error;

import java.util.ArrayList;
import java.util.List;

/** Turns exception chains into the one message a person needs. */
public final class Messages {
  private Messages() {}

  /**
   * The message of a failure and of what caused it, without repeating wrappers that add nothing:
   * Calcite and JDBC drivers wrap the useful message in generic ones, or put an exception's class
   * name and a position in front of a message already said.
   */
  public static String describe(Throwable failure) {
    List<String> messages = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank()) {
        messages.add(message.strip());
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < messages.size(); i++) {
      String message = messages.get(i);
      if (text.indexOf(message) >= 0
          || repeatsWhatWasSaid(message, messages.subList(i + 1, messages.size()), text)) {
        continue;
      }
      if (text.length() > 0) {
        text.append(": ");
      }
      text.append(message);
    }
    return text.length() == 0 ? failure.getClass().getSimpleName() : text.toString();
  }

  /**
   * Whether {@code message} only puts something in front of a deeper message the text already
   * holds.
   */
  private static boolean repeatsWhatWasSaid(
      String message, List<String> deeper, StringBuilder text) {
    for (String cause : deeper) {
      if (message.endsWith(cause) && text.indexOf(cause) >= 0) {
        return true;
      }
    }
    return false;
  }
}
