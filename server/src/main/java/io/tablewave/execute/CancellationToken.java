package io.tablewave.execute;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells running work that it should stop, and stops what can be stopped from outside (a store
 * statement, a Kafka consumer) through the hooks registered with it. Work stops either because
 * someone cancelled it or because its time ran out ({@link #expire}); the task then fails.
 */
public final class CancellationToken {
  private final List<Runnable> hooks = new ArrayList<>();

  /** Held while hooks run, so that a registration closed meanwhile waits until its hook is done. */
  private final Object runningHooks = new Object();

  private String reason;
  private boolean expired;

  public synchronized boolean isCancelled() {
    return reason != null;
  }

  /** Whether the work was stopped because its time ran out rather than by a cancel. */
  public synchronized boolean isExpired() {
    return expired;
  }

  public synchronized String reason() {
    return reason;
  }

  /**
   * Ends a hook's registration: after {@link #close()} returns, the hook is not running and never
   * will.
   */
  public interface Registration extends AutoCloseable {
    @Override
    void close();

    /** Whether the hook has run (it may have, only until the registration is closed). */
    boolean ran();
  }

  /**
   * Registers a hook run on cancel, or runs it at once if already cancelled. Close the registration
   * as soon as what the hook stops is done: a store connection goes back to its pool and must not
   * be interrupted later.
   */
  public Registration onCancel(Runnable hook) {
    boolean runNow;
    synchronized (this) {
      runNow = reason != null;
      if (!runNow) {
        hooks.add(hook);
      }
    }
    if (runNow) {
      hook.run();
      return new Registration() {
        @Override
        public void close() {}

        @Override
        public boolean ran() {
          return true;
        }
      };
    }
    return new Registration() {
      private boolean closed;
      private boolean ran;

      @Override
      public void close() {
        synchronized (runningHooks) {
          synchronized (CancellationToken.this) {
            ran = !hooks.remove(hook);
            closed = true;
          }
        }
      }

      @Override
      public boolean ran() {
        synchronized (CancellationToken.this) {
          return closed ? ran : !hooks.contains(hook);
        }
      }
    };
  }

  public void cancel(String why) {
    stop(why, false);
  }

  /** Stops the work because its time ran out; {@code why} says which limit. */
  public void expire(String why) {
    stop(why, true);
  }

  /**
   * Waits for {@code duration} unless the work is stopped first.
   *
   * @return true when the full duration passed, false when the work was stopped
   */
  public synchronized boolean sleep(Duration duration) throws InterruptedException {
    long deadline = System.nanoTime() + duration.toNanos();
    while (reason == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return false;
  }

  private void stop(String why, boolean timedOut) {
    synchronized (runningHooks) {
      List<Runnable> toRun;
      synchronized (this) {
        if (reason != null) {
          return;
        }
        reason = why;
        expired = timedOut;
        toRun = List.copyOf(hooks);
        hooks.clear();
        notifyAll();
      }
      toRun.forEach(Runnable::run);
    }
  }
}
