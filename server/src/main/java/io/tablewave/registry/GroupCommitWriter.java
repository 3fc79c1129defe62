package io.tablewave.registry;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Writes registry transitions to the store before they reach the read model, a group at a time.
 *
 * <p>Transitions that arrive while one is being written wait and then go to the store together, in
 * the order they came, in one transaction (a group commit): when many tables finish at once, they
 * share a commit instead of queueing for one each. A transition waits first for any unwritten one
 * that touches the same table or batch ({@link RegistryChange#keys}), so each is computed from the
 * state it changes. A failed write leaves store and memory as they were; a failure in a group does
 * not fail the others: each is then written on its own.
 *
 * <p>Batch progress ({@link #writeLater}) changes memory at once and rides along, in front, with
 * the next group: after a stop it would be repaired to the same result, so it need not cost a
 * transaction of its own.
 *
 * <p>Every method is called with the {@link RegistryLock} held.
 */
final class GroupCommitWriter {
  private final RegistryRepository repository;
  private final RegistryLock lock;
  private final RegistryState state;

  /** Transitions waiting for the store, in order. */
  private final List<PendingWrite> waiting = new ArrayList<>();

  /** The transitions being written now. */
  private List<PendingWrite> writing = List.of();

  /** Progress applied to memory and not written yet. */
  private RegistryChange unwritten;

  GroupCommitWriter(RegistryRepository repository, RegistryLock lock, RegistryState state) {
    this.repository = requireNonNull(repository, "repository is null");
    this.lock = requireNonNull(lock, "lock is null");
    this.state = requireNonNull(state, "state is null");
  }

  /** A transition waiting for the store, or being written. */
  private static final class PendingWrite {
    final RegistryChange change;
    final InSameTransaction work;
    final Set<String> keys;
    boolean finished;
    RuntimeException failure;

    PendingWrite(RegistryChange change, InSameTransaction work) {
      this.change = change;
      this.work = work;
      this.keys = change.keys();
    }
  }

  /** Waits until no transition waiting or being written touches a key {@code touches}. */
  void awaitWritten(Predicate<String> touches) {
    while (isWaitingOrWriting(touches)) {
      lock.awaitWritten();
    }
  }

  /**
   * Writes {@code change} unless a transition waiting or being written touches its keys; then waits
   * for a group to be written and returns false, for the caller to compute its change again from
   * the new state.
   */
  boolean writeUnlessBusy(RegistryChange change) {
    if (isWaitingOrWriting(change.keys()::contains)) {
      lock.awaitWritten();
      return false;
    }
    write(change);
    return true;
  }

  /**
   * Writes {@code change} and applies it to memory once it is in the store. The first caller to
   * find no write going on writes every transition waiting, with the unwritten progress in front,
   * in one transaction; the others wait for it.
   *
   * @throws RuntimeException the store's failure to write this change; memory is unchanged then
   */
  void write(RegistryChange change) {
    write(change, null);
  }

  /**
   * Writes {@code change} as {@link #write(RegistryChange)} does, with {@code work} run on the
   * store in the same transaction: the change reaches memory only when both committed.
   *
   * @param work store work to commit with the change, or null
   */
  void write(RegistryChange change, InSameTransaction work) {
    PendingWrite mine = new PendingWrite(change, work);
    waiting.add(mine);
    while (!mine.finished) {
      if (writing.isEmpty()) {
        writeWaiting();
      } else {
        lock.awaitWritten();
      }
    }
    if (mine.failure != null) {
      throw mine.failure;
    }
  }

  /** Applies batch progress to memory now, and writes it with the next group. */
  void writeLater(RegistryChange progress) {
    unwritten = unwritten == null ? progress : progress.after(unwritten);
    state.apply(progress);
  }

  /** Writes the progress not written yet, if any, with whatever transitions are waiting. */
  void writeUnwritten() {
    if (unwritten != null) {
      write(new RegistryChange());
    }
  }

  /** Writes every transition waiting and the progress not written yet. */
  void flush() {
    // Every write, also one of progress alone, whose change has no keys.
    while (!waiting.isEmpty() || !writing.isEmpty()) {
      lock.awaitWritten();
    }
    if (unwritten != null) {
      write(new RegistryChange());
    }
  }

  private boolean isWaitingOrWriting(Predicate<String> touches) {
    for (List<PendingWrite> writes : List.of(waiting, writing)) {
      for (PendingWrite write : writes) {
        if (write.keys.stream().anyMatch(touches)) {
          return true;
        }
      }
    }
    return false;
  }

  private void writeWaiting() {
    List<PendingWrite> group = List.copyOf(waiting);
    waiting.clear();
    writing = group;
    RegistryChange progress = unwritten;
    unwritten = null;
    List<RegistryChange> changes = new ArrayList<>();
    group.forEach(write -> changes.add(write.change));
    if (progress != null) {
      // In front of the first change: a row both write (a table that started, then finished) is
      // written once, in its later version.
      changes.set(0, changes.get(0).after(progress));
    }
    RuntimeException failure = store(changes, works(group));
    if (failure == null) {
      group.forEach(this::finish);
    } else {
      unwritten =
          unwritten == null ? progress : (progress == null ? unwritten : unwritten.after(progress));
      if (group.size() == 1) {
        group.get(0).failure = failure;
        group.get(0).finished = true;
      } else {
        // One transition's failure must not fail the others it was grouped with: each goes on its
        // own.
        for (PendingWrite write : group) {
          write.failure = store(List.of(write.change), works(List.of(write)));
          if (write.failure == null) {
            finish(write);
          } else {
            write.finished = true;
          }
        }
      }
    }
    writing = List.of();
    lock.signalWritten();
  }

  /**
   * Writes {@code changes} in one transaction with the lock let go; returns the failure, if any.
   */
  private RuntimeException store(List<RegistryChange> changes, List<InSameTransaction> works) {
    return lock.released(
        () -> {
          try {
            repository.apply(changes, works);
            return null;
          } catch (RuntimeException e) {
            return e;
          }
        });
  }

  private static List<InSameTransaction> works(List<PendingWrite> writes) {
    List<InSameTransaction> works = new ArrayList<>();
    for (PendingWrite write : writes) {
      if (write.work != null) {
        works.add(write.work);
      }
    }
    return works;
  }

  private void finish(PendingWrite write) {
    state.apply(write.change);
    write.finished = true;
  }
}
