package io.tablewave.store;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * The one retry rule: run an attempt; when it fails for a reason the caller calls transient (for
 * the store, {@link TransientStoreErrors}) and attempts are left, pause, doubling the pause each
 * time up to a limit, and try again. The registry, the store's idempotent work and a batch's table
 * loads all retry through here, each with its own {@link Policy}.
 */
public final class Retry {
  private Retry() {}

  /**
   * How often and how patiently to try.
   *
   * @param attempts how many attempts in all, at least one
   * @param firstPause the pause after the first failure; each next one is twice the one before
   * @param maxPause the longest pause
   */
  public record Policy(int attempts, Duration firstPause, Duration maxPause) {
    public Policy {
      if (attempts < 1) {
        throw new IllegalArgumentException("attempts must be at least 1: " + attempts);
      }
      requireNonNull(firstPause, "firstPause is null");
      requireNonNull(maxPause, "maxPause is null");
    }

    /** The pause after failed attempt {@code attempt} (1 for the first). */
    public Duration pauseAfter(int attempt) {
      Duration pause = firstPause.multipliedBy(1L << Math.min(attempt - 1, 20));
      return pause.compareTo(maxPause) > 0 ? maxPause : pause;
    }
  }

  /** One attempt. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run() throws Exception;
  }

  /** Pauses before the next attempt; false when the caller stopped and there is to be none. */
  @FunctionalInterface
  public interface Pause {
    boolean sleep(Duration pause) throws InterruptedException;

    /** A plain sleep. */
    Pause SLEEP =
        pause -> {
          Thread.sleep(pause.toMillis());
          return true;
        };
  }

  /** Hears of each failure that is tried again, before the pause. */
  @FunctionalInterface
  public interface Listener {
    void retrying(int failedAttempt, Duration pause, Exception failure);
  }

  /** The last failure of an attempt that was not tried again, and how many attempts were made. */
  public static final class GaveUp extends Exception {
    private final int attempts;

    GaveUp(Exception failure, int attempts) {
      super(failure.getMessage(), failure, false, false);
      this.attempts = attempts;
    }

    /** The failure of the last attempt. */
    public Exception failure() {
      return (Exception) getCause();
    }

    public int attempts() {
      return attempts;
    }
  }

  /**
   * Runs {@code attempt} until it succeeds, fails for a reason {@code isTransient} rejects, the
   * attempts of {@code policy} are spent, or {@code pause} says to stop.
   *
   * @throws GaveUp with the last failure
   * @throws InterruptedException when interrupted during a pause
   */
  public static <T> T run(
      Policy policy,
      Predicate<? super Exception> isTransient,
      Pause pause,
      Listener listener,
      Attempt<T> attempt)
      throws GaveUp, InterruptedException {
    for (int number = 1; ; number++) {
      try {
        return attempt.run();
      } catch (Exception e) {
        if (number >= policy.attempts() || !isTransient.test(e)) {
          throw new GaveUp(e, number);
        }
        Duration wait = policy.pauseAfter(number);
        listener.retrying(number, wait, e);
        if (!pause.sleep(wait)) {
          throw new GaveUp(e, number);
        }
      }
    }
  }
}
