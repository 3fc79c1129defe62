package io.tablewave.execute;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the tasks of all batches on one bounded pool of workers. A task is ready as soon as
 * everything it reads is loaded; among ready tasks the oldest batch goes first and, within a batch,
 * the task with the most estimated work ahead of it (its priority). Waves are never barriers. A
 * batch never runs more tasks at once than its parallelism, and the server never more than its
 * workers.
 *
 * <p>Batches the server submits by itself ({@link BatchPriority#BACKGROUND}, the refreshes of
 * continuous tables) come after every ready task of a user's batch and never hold more than {@link
 * #backgroundWorkers()} workers, so a user's batch finds a free worker at once or as soon as one
 * running task ends, however many background refreshes wait.
 */
public final class LoadScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LoadScheduler.class);
  private static final Comparator<ReadyTask> ORDER =
      Comparator.comparing((ReadyTask t) -> t.batch().priority())
          .thenComparingLong(t -> t.batch().sequence())
          .thenComparing(t -> -t.task().priority())
          .thenComparingInt(t -> t.task().id());

  private final int workers;
  private final int backgroundWorkers;
  private final ExecutorService executor;
  private final ScheduledExecutorService timer;
  private final TreeSet<ReadyTask> ready = new TreeSet<>(ORDER);
  private int busy;
  private int busyBackground;

  public LoadScheduler(int workers) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers must be at least 1, got " + workers);
    }
    this.workers = workers;
    this.backgroundWorkers = Math.max(1, workers - 1);
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, "tablewave-worker-" + threads.incrementAndGet());
          thread.setDaemon(true);
          thread.setUncaughtExceptionHandler(LoadScheduler::uncaught);
          return thread;
        };
    this.executor =
        new ThreadPoolExecutor(
            workers, workers, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), factory);
    ScheduledThreadPoolExecutor deadlines =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, "tablewave-deadlines");
              thread.setDaemon(true);
              thread.setUncaughtExceptionHandler(LoadScheduler::uncaught);
              return thread;
            });
    deadlines.setRemoveOnCancelPolicy(true);
    this.timer = deadlines;
  }

  public int workers() {
    return workers;
  }

  public synchronized int busyWorkers() {
    return busy;
  }

  /** The most workers background batches hold at once: all but one (at least one). */
  public int backgroundWorkers() {
    return backgroundWorkers;
  }

  /**
   * Starts a batch; its tasks run as their dependencies finish.
   *
   * @param sequence the batch's place in line: among ready tasks, those of the lowest sequence go
   *     first (the batch id, so that batches are served in the order they were planned)
   */
  public BatchExecution submit(
      long sequence,
      List<TaskSpec> tasks,
      int parallelism,
      TaskRunner runner,
      BatchListener listener) {
    return submit(sequence, BatchPriority.USER, tasks, parallelism, runner, listener);
  }

  /** Starts a batch of the given priority; as the other {@code submit} says. */
  public BatchExecution submit(
      long sequence,
      BatchPriority priority,
      List<TaskSpec> tasks,
      int parallelism,
      TaskRunner runner,
      BatchListener listener) {
    BatchExecution batch = prepare(sequence, priority, tasks, parallelism, runner, listener);
    batch.start();
    return batch;
  }

  /**
   * Creates a batch as {@code submit} does, but does not start it: the caller makes it findable (to
   * cancel it, for instance) before any of its tasks runs, then calls {@link
   * BatchExecution#start()}.
   */
  public BatchExecution prepare(
      long sequence,
      BatchPriority priority,
      List<TaskSpec> tasks,
      int parallelism,
      TaskRunner runner,
      BatchListener listener) {
    requireNonNull(priority, "priority is null");
    requireNonNull(runner, "runner is null");
    requireNonNull(listener, "listener is null");
    return new BatchExecution(
        this, sequence, priority, tasks, Math.max(1, parallelism), runner, listener);
  }

  /**
   * Runs {@code action} once {@code delay} has passed, unless the returned future is cancelled
   * first.
   */
  public ScheduledFuture<?> schedule(Runnable action, Duration delay) {
    return timer.schedule(action, delay.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** A task whose dependencies are all loaded, waiting for a worker. */
  record ReadyTask(BatchExecution batch, TaskSpec task) {}

  void enqueue(List<ReadyTask> tasks) {
    synchronized (this) {
      ready.addAll(tasks);
    }
    dispatch();
  }

  synchronized void removeQueued(BatchExecution batch) {
    ready.removeIf(t -> t.batch() == batch);
  }

  void dispatch() {
    synchronized (this) {
      Iterator<ReadyTask> candidates = ready.iterator();
      while (busy < workers && candidates.hasNext()) {
        ReadyTask candidate = candidates.next();
        boolean background = candidate.batch().priority() == BatchPriority.BACKGROUND;
        if (background && busyBackground >= backgroundWorkers) {
          // background tasks come last in the order: none behind this one may start either
          break;
        }
        if (!candidate.batch().tryReserveSlot()) {
          continue;
        }
        candidates.remove();
        busy++;
        if (background) {
          busyBackground++;
        }
        executor.execute(() -> run(candidate));
      }
    }
  }

  private void run(ReadyTask task) {
    try {
      task.batch().runTask(task.task());
    } finally {
      synchronized (this) {
        busy--;
        if (task.batch().priority() == BatchPriority.BACKGROUND) {
          busyBackground--;
        }
      }
      task.batch().releaseSlot();
      dispatch();
    }
  }

  /** A worker that dies says so: its task's batch has already ended with the task failed. */
  private static void uncaught(Thread thread, Throwable e) {
    LOG.error("{} stopped on an unexpected error: {}", thread.getName(), e.toString(), e);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("load workers did not stop within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
