package io.tablewave.registry;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The registry's locking rule, stated here once.
 *
 * <p>One lock guards everything the registry holds in memory: the read model ({@link
 * RegistryState}), the transitions waiting for the store ({@link GroupCommitWriter}) and the
 * first-load futures ({@link FirstLoads}). Every public method of {@link Registry} runs its whole
 * body under it, through {@link #reading} or {@link #changing}; no other class takes it. Only the
 * writer lets it go, and only in two places: while the store writes a group of transitions ({@link
 * #released}), so that reads never wait for the store, and while a transition waits for an earlier
 * one touching the same rows ({@link #awaitWritten}). Live row counts ({@link LiveRows}) are the
 * one exception: loads set them without the lock, many times a second.
 *
 * <p>The planning lock ({@link PlanningLock}) is another lock, taken before this one and held much
 * longer.
 */
final class RegistryLock {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition written = lock.newCondition();

  /** Reads the state in memory; never waits for the store. */
  <T> T reading(Supplier<T> read) {
    return locked(read);
  }

  /** Runs a transition: computes it from the state in memory, writes it, applies it to memory. */
  <T> T changing(Supplier<T> transition) {
    return locked(transition);
  }

  void changing(Runnable transition) {
    locked(
        () -> {
          transition.run();
          return null;
        });
  }

  /**
   * Waits, the lock let go, until a group of transitions was written; the caller holds the lock.
   */
  void awaitWritten() {
    written.awaitUninterruptibly();
  }

  /** Wakes every transition waiting for a group to be written; the caller holds the lock. */
  void signalWritten() {
    written.signalAll();
  }

  /**
   * Runs {@code io} with the lock let go, so that readers go on meanwhile; the caller holds the
   * lock.
   */
  <T> T released(Supplier<T> io) {
    lock.unlock();
    try {
      return io.get();
    } finally {
      lock.lock();
    }
  }

  private <T> T locked(Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
