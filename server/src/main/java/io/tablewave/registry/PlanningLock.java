package io.tablewave.registry;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serializes planning: a batch is checked against the registry and its names reserved, or a table
 * is dropped, while no other batch is planned or registered, so that check and reservation are
 * atomic. Fair, so batches are planned in the order they came.
 */
final class PlanningLock {
  private final ReentrantLock lock = new ReentrantLock(true);

  <T> T under(Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }
}
