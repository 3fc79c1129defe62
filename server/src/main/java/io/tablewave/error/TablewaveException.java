package io.tablewave.error;

import static java.util.Objects.requireNonNull;

/** The one exception type for failures a user sees; the message says what, where and what to do. */
public class TablewaveException extends RuntimeException {
  private final ErrorCode errorCode;

  public TablewaveException(ErrorCode errorCode, String message) {
    super(message);
    this.errorCode = requireNonNull(errorCode, "errorCode is null");
  }

  public TablewaveException(ErrorCode errorCode, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = requireNonNull(errorCode, "errorCode is null");
  }

  public ErrorCode errorCode() {
    return errorCode;
  }
}
