package io.tablewave.server;

import static java.util.Objects.requireNonNull;

/**
 * A reason the server cannot start that the person starting it can fix. {@link Main} prints the
 * message as one line and exits with the reason's status; the stack trace goes to the log at DEBUG
 * only.
 */
public final class StartupFailure extends RuntimeException {
  /** What kind of problem stopped the start, each with its own exit status. */
  public enum Reason {
    /** An option is unknown, malformed or out of range, or the --config file cannot be read. */
    BAD_OPTION(2),
    /** A non-loopback --bind without --users-file or --insecure. */
    UNSAFE_BIND(3),
    /** --store-url names no supported store. */
    STORE_UNSUPPORTED(4),
    /**
     * The store cannot be reached or opened (down, wrong host, user or password, unwritable
     * directory).
     */
    STORE_UNREACHABLE(5),
    /**
     * The DuckDB file is locked by another process, usually another server on the same --data-dir.
     */
    STORE_LOCKED(6),
    /** A port the server would listen on (--port, --metrics-port, --demo-kafka-port) is taken. */
    PORT_IN_USE(7),
    /** The --users-file cannot be read or has a wrong line. */
    USERS_FILE(8),
    /** The --tls-keystore cannot be read, or its password is wrong. */
    KEYSTORE(9);

    private final int exitStatus;

    Reason(int exitStatus) {
      this.exitStatus = exitStatus;
    }

    /** The process's exit status for this reason. */
    public int exitStatus() {
      return exitStatus;
    }
  }

  /**
   * The exit status of a start that failed for a reason not listed above (a bug or an unexpected
   * state).
   */
  public static final int UNEXPECTED_EXIT_STATUS = 1;

  private final Reason reason;

  public StartupFailure(Reason reason, String message, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.reason = requireNonNull(reason, "reason is null");
  }

  public StartupFailure(Reason reason, String message) {
    this(reason, message, null);
  }

  public Reason reason() {
    return reason;
  }
}
