package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the registry's background write on one thread of its own, once for any number of requests
 * made while it was not running: what a batch records as it goes reaches the store soon after, and
 * never on the path of the batch itself. A request waits a little before it is written, so that
 * progress recorded meanwhile (the rest of a short batch, the end of the one before) goes in the
 * same transaction, or with a transition written meanwhile, instead of in one of its own. A write
 * the store refuses is tried again after a pause (and goes with any transition written meanwhile).
 */
final class BackgroundWrites implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundWrites.class);
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

  private final Runnable write;
  private final Duration linger;
  private final ScheduledExecutorService thread;
  private final AtomicBoolean requested = new AtomicBoolean();

  /**
   * @param linger how long a request waits before the write runs
   */
  BackgroundWrites(Runnable write, Duration linger) {
    this.write = requireNonNull(write, "write is null");
    this.linger = requireNonNull(linger, "linger is null");
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread writer = new Thread(runnable, "tablewave-registry-writer");
              writer.setDaemon(true);
              return writer;
            });
    // A retry still waiting when the registry closes is left to the registry's flush.
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    this.thread = executor;
  }

  /**
   * Has the write run after the linger; a request made while it waits adds nothing, one made while
   * it runs makes it run once more.
   */
  void request() {
    if (requested.compareAndSet(false, true)) {
      try {
        thread.schedule(this::run, linger.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        // Closed: the registry writes what is left itself as it closes.
        requested.set(false);
      }
    }
  }

  private void run() {
    requested.set(false);
    try {
      write.run();
    } catch (RuntimeException e) {
      LOG.warn(
          "batch progress could not be written to the registry; it is tried again in {} s, or"
              + " with the next registry change: {}",
          RETRY_AFTER.toSeconds(),
          e.getMessage(),
          e);
      try {
        thread.schedule(this::request, RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closed) {
        // Closed: the registry writes what is left itself as it closes.
      }
    }
  }

  /**
   * Lets a write that is running end, and runs no more; what is left unwritten is for the
   * registry's own flush as it closes.
   */
  @Override
  public void close() {
    thread.shutdown();
    try {
      if (!thread.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("the registry's background write did not end within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
