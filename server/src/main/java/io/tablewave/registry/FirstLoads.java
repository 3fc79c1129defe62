package io.tablewave.registry;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The first loads that other batches wait for: a batch that reads a table another batch is creating
 * starts that table's readers when the first load ends. Guarded by the {@link RegistryLock}.
 */
final class FirstLoads {
  private final Map<String, CompletableFuture<Boolean>> futures = new HashMap<>();

  /** The future of a table's first load; one already done when the table is active. */
  CompletableFuture<Boolean> await(String name, boolean active) {
    if (active) {
      return CompletableFuture.completedFuture(true);
    }
    return futures.computeIfAbsent(RegistryState.key(name), k -> new CompletableFuture<>());
  }

  /** Records that a batch reserved {@code name} for its first load. */
  void reserve(String name) {
    futures.computeIfAbsent(RegistryState.key(name), k -> new CompletableFuture<>());
  }

  /** Completes the future of {@code name}'s first load: true when it loaded. */
  void complete(String name, boolean loaded) {
    CompletableFuture<Boolean> future = futures.remove(RegistryState.key(name));
    if (future != null) {
      future.complete(loaded);
    }
  }
}
