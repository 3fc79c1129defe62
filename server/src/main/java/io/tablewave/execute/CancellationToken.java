package io.tablewave.execute;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells running work that it should stop, and stops what can be stopped from outside (a store
 * statement, a Kafka consumer) through the hooks registered with it.
 */
public final class CancellationToken {
  private final List<Runnable> hooks = new ArrayList<>();
  private String reason;

  public synchronized boolean isCancelled() {
    return reason != null;
  }

  public synchronized String reason() {
    return reason;
  }

  /** Registers a hook run on cancel; runs it at once if already cancelled. */
  public void onCancel(Runnable hook) {
    boolean runNow;
    synchronized (this) {
      runNow = reason != null;
      if (!runNow) {
        hooks.add(hook);
      }
    }
    if (runNow) {
      hook.run();
    }
  }

  public void cancel(String why) {
    List<Runnable> toRun;
    synchronized (this) {
      if (reason != null) {
        return;
      }
      reason = why;
      toRun = List.copyOf(hooks);
      hooks.clear();
    }
    toRun.forEach(Runnable::run);
  }
}
