package io.tablewave.execute;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.Messages;
import io.tablewave.error.TablewaveException;
import io.tablewave.execute.LoadScheduler.ReadyTask;
import io.tablewave.sql.Durations;
import io.tablewave.store.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one running batch: which tasks wait on what, which are done, and how each ended.
 * When a task fails, every task that depends on it, directly or not, is skipped; the others go on.
 * A task that fails for a transient reason is tried again, up to its retries, with a growing pause.
 */
public final class BatchExecution {
  private static final Logger LOG = LoggerFactory.getLogger(BatchExecution.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final LoadScheduler scheduler;
  private final long sequence;
  private final BatchPriority priority;
  private final int parallelism;
  private final TaskRunner runner;
  private final BatchListener listener;
  private final Map<Integer, TaskSpec> tasks = new LinkedHashMap<>();
  private final Map<Integer, List<Integer>> dependents = new HashMap<>();
  private final Map<Integer, Integer> waitingOn = new HashMap<>();
  private final Map<Integer, TaskOutcome> outcomes = new HashMap<>();
  private final Map<Integer, CancellationToken> running = new HashMap<>();
  private final CompletableFuture<BatchOutcome> completion = new CompletableFuture<>();
  private int slotsInUse;
  private int reported;
  private boolean finishing;
  private String cancelReason;
  private String expiredReason;

  /**
   * The first failure of the listener (the registry, in the server): the batch ends with it once
   * done.
   */
  private RuntimeException listenerFailure;

  BatchExecution(
      LoadScheduler scheduler,
      long sequence,
      BatchPriority priority,
      List<TaskSpec> specs,
      int parallelism,
      TaskRunner runner,
      BatchListener listener) {
    this.scheduler = scheduler;
    this.sequence = sequence;
    this.priority = priority;
    this.parallelism = parallelism;
    this.runner = runner;
    this.listener = listener;
    for (TaskSpec spec : specs) {
      tasks.put(spec.id(), spec);
    }
    for (TaskSpec spec : specs) {
      for (int dependency : spec.dependsOn()) {
        if (!tasks.containsKey(dependency)) {
          throw new IllegalArgumentException(
              "task " + spec.name() + " depends on unknown task " + dependency);
        }
        dependents.computeIfAbsent(dependency, k -> new ArrayList<>()).add(spec.id());
      }
      waitingOn.put(spec.id(), spec.dependsOn().size() + spec.awaited().size());
    }
  }

  long sequence() {
    return sequence;
  }

  BatchPriority priority() {
    return priority;
  }

  /** Completes when every task has its final outcome and the listener has heard it. */
  public CompletableFuture<BatchOutcome> completion() {
    return completion;
  }

  /**
   * Stops the batch: queued and waiting tasks end CANCELLED, running ones are asked to stop (their
   * loads roll back and end CANCELLED); tasks already loaded stay.
   */
  public void cancel(String reason) {
    List<CancellationToken> tokens;
    List<TaskSpec> cancelledNow = new ArrayList<>();
    synchronized (this) {
      if (stopped() || completion.isDone()) {
        return;
      }
      cancelReason = reason;
      tokens = List.copyOf(running.values());
      for (TaskSpec task : tasks.values()) {
        if (!outcomes.containsKey(task.id()) && !running.containsKey(task.id())) {
          outcomes.put(task.id(), new TaskOutcome(TaskStatus.CANCELLED, 0, reason, null));
          cancelledNow.add(task);
        }
      }
    }
    scheduler.removeQueued(this);
    tokens.forEach(token -> token.cancel(reason));
    report(cancelledNow);
  }

  /**
   * Stops the batch because its time ran out: running tasks fail with {@code reason} (their
   * dependents are skipped), tasks that have not started end CANCELLED; tables already loaded stay.
   */
  public void expire(String reason) {
    List<CancellationToken> tokens;
    List<TaskSpec> cancelledNow = new ArrayList<>();
    synchronized (this) {
      if (stopped() || completion.isDone()) {
        return;
      }
      expiredReason = reason;
      tokens = List.copyOf(running.values());
      Set<Integer> downstreamOfRunning = new HashSet<>();
      running.keySet().forEach(id -> collectDownstream(id, downstreamOfRunning));
      String notStarted = "not started: the batch " + reason;
      for (TaskSpec task : tasks.values()) {
        if (!outcomes.containsKey(task.id())
            && !running.containsKey(task.id())
            && !downstreamOfRunning.contains(task.id())) {
          outcomes.put(task.id(), new TaskOutcome(TaskStatus.CANCELLED, 0, notStarted, null));
          cancelledNow.add(task);
        }
      }
    }
    scheduler.removeQueued(this);
    tokens.forEach(token -> token.expire(reason));
    report(cancelledNow);
  }

  /**
   * Starts the tasks whose dependencies are met. A batch cancelled before it started starts
   * nothing.
   */
  public void start() {
    List<ReadyTask> readyNow = new ArrayList<>();
    List<TaskSpec> kept = new ArrayList<>();
    synchronized (this) {
      for (TaskSpec task : tasks.values()) {
        if (task.keep() && !outcomes.containsKey(task.id())) {
          kept.add(task);
        }
      }
    }
    for (TaskSpec task : kept) {
      finish(task, TaskOutcome.succeeded(0));
    }
    synchronized (this) {
      for (TaskSpec task : tasks.values()) {
        if (!outcomes.containsKey(task.id()) && waitingOn.get(task.id()) == 0) {
          readyNow.add(new ReadyTask(this, task));
        }
      }
    }
    for (TaskSpec task : List.copyOf(tasks.values())) {
      for (TaskSpec.Awaited awaited : task.awaited()) {
        awaited
            .loaded()
            .whenComplete(
                (loaded, error) -> awaitedDone(task, awaited, Boolean.TRUE.equals(loaded)));
      }
    }
    scheduler.enqueue(readyNow);
    completeIfDone();
  }

  synchronized boolean tryReserveSlot() {
    if (slotsInUse >= parallelism) {
      return false;
    }
    slotsInUse++;
    return true;
  }

  synchronized void releaseSlot() {
    slotsInUse--;
  }

  void runTask(TaskSpec task) {
    CancellationToken token = new CancellationToken();
    synchronized (this) {
      if (outcomes.containsKey(task.id())) {
        return;
      }
      if (cancelReason != null) {
        token.cancel(cancelReason);
      } else if (expiredReason != null) {
        token.expire(expiredReason);
      }
      running.put(task.id(), token);
    }
    ScheduledFuture<?> deadline =
        task.limits()
            .timeout()
            .map(
                limit ->
                    scheduler.schedule(
                        () ->
                            token.expire(
                                "timed out after "
                                    + Durations.format(limit)
                                    + " (its 'timeout' property)"),
                        limit))
            .orElse(null);
    TaskOutcome outcome;
    try {
      outcome = attempts(task, token);
    } catch (Error e) {
      // Whatever broke, the task ends and the batch with it, rather than waiting for a task that
      // never finishes.
      LOG.error("table {} failed with {}", task.name(), e.toString(), e);
      outcome = new TaskOutcome(TaskStatus.FAILED, 0, describe(e), null);
    } finally {
      if (deadline != null) {
        deadline.cancel(false);
      }
    }
    synchronized (this) {
      running.remove(task.id());
    }
    finish(task, outcome);
  }

  private TaskOutcome attempts(TaskSpec task, CancellationToken token) {
    int attempts = task.limits().retries() + 1;
    try {
      long rows =
          Retry.run(
              new Retry.Policy(attempts, FIRST_BACKOFF, MAX_BACKOFF),
              e -> !token.isCancelled() && TransientFailures.isTransient(e),
              token::sleep,
              (attempt, pause, e) ->
                  LOG.info(
                      "table {} failed for a transient reason on attempt {} of {}, trying again"
                          + " in {}: {}",
                      task.name(),
                      attempt,
                      attempts,
                      Durations.format(pause),
                      describe(e)),
              () -> {
                listener.taskStarted(task);
                return runner.run(task, token);
              });
      // The load returned: its table is in (a load checks for a stop before it commits and throws
      // when stopped). A cancel or time limit that came after the commit is too late for it.
      return TaskOutcome.succeeded(rows);
    } catch (Retry.GaveUp gaveUp) {
      if (token.isCancelled()) {
        return stopped(token);
      }
      String tries =
          gaveUp.attempts() > 1 ? " (attempt " + gaveUp.attempts() + " of " + attempts + ")" : "";
      return new TaskOutcome(TaskStatus.FAILED, 0, describe(gaveUp.failure()) + tries, null);
    } catch (LinkageError e) {
      return token.isCancelled()
          ? stopped(token)
          : new TaskOutcome(TaskStatus.FAILED, 0, describe(e), null);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return new TaskOutcome(TaskStatus.CANCELLED, 0, "the server is shutting down", null);
    }
  }

  /** A task stopped from outside: a time limit makes it fail, a cancel cancels it. */
  private static TaskOutcome stopped(CancellationToken token) {
    return token.isExpired()
        ? new TaskOutcome(TaskStatus.FAILED, 0, token.reason(), null)
        : new TaskOutcome(TaskStatus.CANCELLED, 0, token.reason(), null);
  }

  private void awaitedDone(TaskSpec task, TaskSpec.Awaited awaited, boolean loaded) {
    if (!loaded) {
      List<TaskSpec> skipped = new ArrayList<>();
      synchronized (this) {
        if (outcomes.containsKey(task.id())) {
          return;
        }
        outcomes.put(task.id(), new TaskOutcome(TaskStatus.SKIPPED, 0, null, awaited.name()));
        skipped.add(task);
        skipDependents(task.id(), awaited.name(), skipped);
      }
      report(skipped);
      return;
    }
    boolean ready;
    synchronized (this) {
      if (outcomes.containsKey(task.id())) {
        return;
      }
      int remaining = waitingOn.merge(task.id(), -1, Integer::sum);
      ready = remaining == 0 && !stopped();
    }
    if (ready) {
      scheduler.enqueue(List.of(new ReadyTask(this, task)));
    }
  }

  private void finish(TaskSpec task, TaskOutcome outcome) {
    List<TaskSpec> skipped = new ArrayList<>();
    List<ReadyTask> readyNow = new ArrayList<>();
    synchronized (this) {
      outcomes.put(task.id(), outcome);
      if (outcome.status() == TaskStatus.SUCCEEDED && expiredReason != null) {
        Set<Integer> downstream = new HashSet<>();
        collectDownstream(task.id(), downstream);
        for (int id : downstream) {
          if (!outcomes.containsKey(id) && !running.containsKey(id)) {
            outcomes.put(
                id,
                new TaskOutcome(
                    TaskStatus.CANCELLED, 0, "not started: the batch " + expiredReason, null));
            skipped.add(tasks.get(id));
          }
        }
      } else if (outcome.status() == TaskStatus.SUCCEEDED) {
        for (int dependent : dependents.getOrDefault(task.id(), List.of())) {
          int remaining = waitingOn.merge(dependent, -1, Integer::sum);
          if (remaining == 0 && !outcomes.containsKey(dependent) && !stopped()) {
            readyNow.add(new ReadyTask(this, tasks.get(dependent)));
          }
        }
      } else if (outcome.status() == TaskStatus.FAILED) {
        skipDependents(task.id(), task.name(), skipped);
      } else if (outcome.status() == TaskStatus.CANCELLED) {
        for (TaskSpec other : tasks.values()) {
          if (!outcomes.containsKey(other.id()) && !running.containsKey(other.id())) {
            outcomes.put(
                other.id(), new TaskOutcome(TaskStatus.CANCELLED, 0, outcome.error(), null));
            skipped.add(other);
          }
        }
      }
    }
    tell(task, outcome);
    report(skipped);
    if (!readyNow.isEmpty()) {
      scheduler.enqueue(readyNow);
    }
    completeIfDone();
  }

  private boolean stopped() {
    return cancelReason != null || expiredReason != null;
  }

  private void collectDownstream(int id, Set<Integer> into) {
    List<Integer> work = new ArrayList<>(dependents.getOrDefault(id, List.of()));
    while (!work.isEmpty()) {
      int dependent = work.remove(work.size() - 1);
      if (into.add(dependent)) {
        work.addAll(dependents.getOrDefault(dependent, List.of()));
      }
    }
  }

  private void skipDependents(int failedId, String failedName, List<TaskSpec> skipped) {
    List<Integer> work = new ArrayList<>(dependents.getOrDefault(failedId, List.of()));
    while (!work.isEmpty()) {
      int id = work.remove(work.size() - 1);
      if (outcomes.containsKey(id)) {
        continue;
      }
      outcomes.put(id, new TaskOutcome(TaskStatus.SKIPPED, 0, null, failedName));
      skipped.add(tasks.get(id));
      work.addAll(dependents.getOrDefault(id, List.of()));
    }
  }

  private void report(List<TaskSpec> ended) {
    for (TaskSpec task : ended) {
      TaskOutcome outcome;
      synchronized (this) {
        outcome = outcomes.get(task.id());
      }
      tell(task, outcome);
    }
    completeIfDone();
  }

  /**
   * Tells the listener how a task ended. When that fails (the registry could not write it), the
   * batch still runs to its end and then fails with that error, rather than leaving its client
   * waiting forever.
   */
  private void tell(TaskSpec task, TaskOutcome outcome) {
    try {
      listener.taskFinished(task, outcome);
    } catch (RuntimeException e) {
      LOG.error(
          "recording that table {} ended {} failed: {}",
          task.name(),
          outcome.status(),
          e.getMessage(),
          e);
      failedToRecord(
          new TablewaveException(
              errorCode(e),
              "could not record that table "
                  + task.name()
                  + " ended "
                  + outcome.status()
                  + ": "
                  + e.getMessage(),
              e));
    } finally {
      synchronized (this) {
        reported++;
      }
    }
  }

  private synchronized void failedToRecord(RuntimeException failure) {
    if (listenerFailure == null) {
      listenerFailure = failure;
    } else {
      listenerFailure.addSuppressed(failure);
    }
  }

  private static ErrorCode errorCode(RuntimeException e) {
    return e instanceof TablewaveException tablewave
        ? tablewave.errorCode()
        : ErrorCode.INTERNAL_ERROR;
  }

  private void completeIfDone() {
    BatchOutcome outcome;
    synchronized (this) {
      if (finishing || reported < tasks.size() || !running.isEmpty()) {
        return;
      }
      finishing = true;
      outcome = new BatchOutcome(outcomes, cancelReason != null);
    }
    try {
      listener.batchFinished(outcome);
    } catch (RuntimeException e) {
      LOG.error("recording the end of the batch failed: {}", e.getMessage(), e);
      failedToRecord(
          new TablewaveException(
              errorCode(e), "could not record the end of the batch: " + e.getMessage(), e));
    }
    RuntimeException failure;
    synchronized (this) {
      failure = listenerFailure;
    }
    if (failure == null) {
      completion.complete(outcome);
    } else {
      completion.completeExceptionally(failure);
    }
  }

  private static String describe(Throwable e) {
    return e instanceof TablewaveException ? e.getMessage() : Messages.describe(e);
  }
}
