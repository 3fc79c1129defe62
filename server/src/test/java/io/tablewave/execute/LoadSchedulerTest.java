package io.tablewave.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LoadSchedulerTest {
  private static TaskSpec task(int id, int priority, Integer... dependsOn) {
    return new TaskSpec(id, "T" + id, Set.of(dependsOn), List.of(), priority, false);
  }

  private static final class Recorder implements BatchListener {
    final List<String> started = Collections.synchronizedList(new ArrayList<>());
    final Map<Integer, TaskOutcome> outcomes = new ConcurrentHashMap<>();

    @Override
    public void taskStarted(TaskSpec task) {
      started.add(task.name());
    }

    @Override
    public void taskFinished(TaskSpec task, TaskOutcome outcome) {
      outcomes.put(task.id(), outcome);
    }

    @Override
    public void batchFinished(BatchOutcome outcome) {}
  }

  @Test
  void theReadyTaskWithTheLongestRemainingPathStartsFirst() throws Exception {
    try (LoadScheduler scheduler = new LoadScheduler(1)) {
      Recorder recorder = new Recorder();
      BatchExecution batch =
          scheduler.submit(
              1,
              List.of(task(0, 1), task(1, 3), task(2, 2, 1), task(3, 1, 2)),
              1,
              (task, token) -> 1,
              recorder);
      BatchOutcome outcome = batch.completion().get(10, TimeUnit.SECONDS);
      assertThat(recorder.started).containsExactly("T1", "T2", "T0", "T3");
      assertThat(outcome.count(TaskStatus.SUCCEEDED)).isEqualTo(4);
    }
  }

  @Test
  void aBatchNeverRunsMoreTasksThanItsParallelism() throws Exception {
    try (LoadScheduler scheduler = new LoadScheduler(4)) {
      AtomicInteger running = new AtomicInteger();
      AtomicInteger most = new AtomicInteger();
      List<TaskSpec> tasks = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        tasks.add(task(i, 1));
      }
      BatchExecution batch =
          scheduler.submit(
              2,
              tasks,
              2,
              (task, token) -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.sleep(30);
                running.decrementAndGet();
                return 1;
              },
              new Recorder());
      batch.completion().get(10, TimeUnit.SECONDS);
      assertThat(most.get()).isEqualTo(2);
    }
  }

  @Test
  void aFailedTaskSkipsEveryTaskThatDependsOnItAndTheOthersGoOn() throws Exception {
    try (LoadScheduler scheduler = new LoadScheduler(2)) {
      Recorder recorder = new Recorder();
      BatchExecution batch =
          scheduler.submit(
              3,
              List.of(task(0, 3), task(1, 2, 0), task(2, 1, 1), task(3, 1)),
              2,
              (task, token) -> {
                if (task.id() == 0) {
                  throw new IllegalStateException("boom");
                }
                return 5;
              },
              recorder);
      BatchOutcome outcome = batch.completion().get(10, TimeUnit.SECONDS);
      assertThat(outcome.outcomes().get(0).status()).isEqualTo(TaskStatus.FAILED);
      assertThat(outcome.outcomes().get(0).error()).isEqualTo("boom");
      assertThat(outcome.outcomes().get(1))
          .isEqualTo(new TaskOutcome(TaskStatus.SKIPPED, 0, null, "T0"));
      assertThat(outcome.outcomes().get(2))
          .isEqualTo(new TaskOutcome(TaskStatus.SKIPPED, 0, null, "T0"));
      assertThat(outcome.outcomes().get(3)).isEqualTo(TaskOutcome.succeeded(5));
      assertThat(recorder.outcomes).hasSize(4);
    }
  }

  @Test
  void aTaskWaitsForATableOfAnotherBatchAndIsSkippedWhenThatLoadFails() throws Exception {
    try (LoadScheduler scheduler = new LoadScheduler(2)) {
      CompletableFuture<Boolean> loaded = new CompletableFuture<>();
      CompletableFuture<Boolean> failed = new CompletableFuture<>();
      TaskSpec waiting =
          new TaskSpec(
              0, "WAITS", Set.of(), List.of(new TaskSpec.Awaited("OTHER", loaded)), 1, false);
      TaskSpec doomed =
          new TaskSpec(
              1, "DOOMED", Set.of(), List.of(new TaskSpec.Awaited("BROKEN", failed)), 1, false);
      BatchExecution batch =
          scheduler.submit(4, List.of(waiting, doomed), 2, (task, token) -> 7, new Recorder());
      Thread.sleep(100);
      assertThat(batch.completion()).isNotDone();
      loaded.complete(true);
      failed.complete(false);
      BatchOutcome outcome = batch.completion().get(10, TimeUnit.SECONDS);
      assertThat(outcome.outcomes().get(0)).isEqualTo(TaskOutcome.succeeded(7));
      assertThat(outcome.outcomes().get(1))
          .isEqualTo(new TaskOutcome(TaskStatus.SKIPPED, 0, null, "BROKEN"));
    }
  }

  @Test
  void cancelStopsRunningTasksAndCancelsTheRest() throws Exception {
    try (LoadScheduler scheduler = new LoadScheduler(1)) {
      CompletableFuture<Void> firstStarted = new CompletableFuture<>();
      BatchExecution batch =
          scheduler.submit(
              5,
              List.of(task(0, 2), task(1, 1, 0)),
              1,
              (task, token) -> {
                firstStarted.complete(null);
                while (!token.isCancelled()) {
                  Thread.sleep(5);
                }
                throw new IllegalStateException("stopped");
              },
              new Recorder());
      firstStarted.get(10, TimeUnit.SECONDS);
      batch.cancel("cancelled by the test");
      BatchOutcome outcome = batch.completion().get(10, TimeUnit.SECONDS);
      assertThat(outcome.cancelled()).isTrue();
      assertThat(outcome.outcomes().values())
          .extracting(TaskOutcome::status)
          .containsOnly(TaskStatus.CANCELLED);
    }
  }

  @Test
  void aCancelThatComesAfterATableWasLoadedLeavesItSucceededAndCancelsTheRest() throws Exception {
    try (LoadScheduler scheduler = new LoadScheduler(1)) {
      AtomicReference<BatchExecution> batch = new AtomicReference<>();
      CompletableFuture<Void> submitted = new CompletableFuture<>();
      Recorder recorder = new Recorder();
      batch.set(
          scheduler.submit(
              6,
              List.of(task(0, 2), task(1, 1, 0)),
              1,
              (task, token) -> {
                submitted.get(10, TimeUnit.SECONDS);
                // the table is in; the cancel lands before the worker reports it
                batch.get().cancel("cancelled by the test");
                return 7;
              },
              recorder));
      submitted.complete(null);
      BatchOutcome outcome = batch.get().completion().get(10, TimeUnit.SECONDS);

      assertThat(outcome.cancelled()).isTrue();
      assertThat(recorder.outcomes.get(0).status())
          .as("the table loaded before the cancel")
          .isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(recorder.outcomes.get(0).rows()).isEqualTo(7);
      assertThat(recorder.outcomes.get(1).status()).isEqualTo(TaskStatus.CANCELLED);
    }
  }

  @Test
  void aUserBatchStartsWhileBackgroundBatchesHoldTheirShareOfWorkers() throws Exception {
    try (LoadScheduler scheduler = new LoadScheduler(2)) {
      CompletableFuture<Void> release = new CompletableFuture<>();
      AtomicInteger backgroundRunning = new AtomicInteger();
      AtomicInteger mostBackground = new AtomicInteger();
      List<BatchExecution> background = new ArrayList<>();
      for (int b = 0; b < 10; b++) {
        background.add(
            scheduler.submit(
                b + 1,
                BatchPriority.BACKGROUND,
                List.of(task(0, 1), task(1, 1)),
                2,
                (task, token) -> {
                  mostBackground.accumulateAndGet(backgroundRunning.incrementAndGet(), Math::max);
                  try {
                    release.get(30, TimeUnit.SECONDS);
                  } finally {
                    backgroundRunning.decrementAndGet();
                  }
                  return 1;
                },
                new Recorder()));
      }
      // The background batches hold their share before the user batch comes.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (backgroundRunning.get() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(backgroundRunning.get()).as("background tasks running").isEqualTo(1);
      // submitted after all of them, so it would come last by batch order alone
      CompletableFuture<Void> userStarted = new CompletableFuture<>();
      BatchExecution user =
          scheduler.submit(
              100,
              BatchPriority.USER,
              List.of(task(0, 1)),
              1,
              (task, token) -> {
                userStarted.complete(null);
                return 1;
              },
              new Recorder());

      user.completion().get(30, TimeUnit.SECONDS);
      assertThat(userStarted).isDone();
      assertThat(backgroundRunning.get()).isEqualTo(scheduler.backgroundWorkers()).isEqualTo(1);
      release.complete(null);
      for (BatchExecution batch : background) {
        assertThat(batch.completion().get(30, TimeUnit.SECONDS).count(TaskStatus.SUCCEEDED))
            .isEqualTo(2);
      }
      assertThat(mostBackground.get()).isEqualTo(1);
    }
  }

  @Test
  void readyUserTasksGoBeforeReadyBackgroundTasks() throws Exception {
    try (LoadScheduler scheduler = new LoadScheduler(1)) {
      CompletableFuture<Void> release = new CompletableFuture<>();
      List<String> order = Collections.synchronizedList(new ArrayList<>());
      TaskRunner blocking =
          (task, token) -> {
            order.add("first");
            release.get(30, TimeUnit.SECONDS);
            return 1;
          };
      BatchExecution first =
          scheduler.submit(1, BatchPriority.USER, List.of(task(0, 1)), 1, blocking, new Recorder());
      BatchExecution background =
          scheduler.submit(
              2,
              BatchPriority.BACKGROUND,
              List.of(task(0, 1)),
              1,
              (task, token) -> {
                order.add("background");
                return 1;
              },
              new Recorder());
      BatchExecution user =
          scheduler.submit(
              3,
              BatchPriority.USER,
              List.of(task(0, 1)),
              1,
              (task, token) -> {
                order.add("user");
                return 1;
              },
              new Recorder());
      release.complete(null);
      for (BatchExecution batch : List.of(first, background, user)) {
        batch.completion().get(30, TimeUnit.SECONDS);
      }
      assertThat(order).containsExactly("first", "user", "background");
    }
  }
}
