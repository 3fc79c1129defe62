package io.tablewave.error;

/** Turns exception chains into the one message a person needs. */
public final class Messages {
  private Messages() {
  }

  /**
   * The message of a failure and of what caused it, without repeating wrappers that add
   * nothing: Calcite and JDBC drivers wrap the useful message in generic ones.
   */
  public static String describe(Throwable failure) {
    StringBuilder text = new StringBuilder();
    String previous = null;
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String message = t.getMessage();
      if (message == null || message.isBlank()) {
        continue;
      }
      message = message.strip();
      if (previous != null && previous.contains(message)) {
        continue;
      }
      if (text.length() > 0) {
        text.append(": ");
      }
      text.append(message);
      previous = message;
    }
    return text.length() == 0 ? failure.getClass().getSimpleName() : text.toString();
  }
}
