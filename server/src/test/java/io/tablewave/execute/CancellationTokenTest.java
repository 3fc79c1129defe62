package io.tablewave.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTokenTest {

  @Test
  void aHookWhoseRegistrationIsClosedNeverRuns() {
    CancellationToken token = new CancellationToken();
    AtomicInteger runs = new AtomicInteger();
    CancellationToken.Registration registration = token.onCancel(runs::incrementAndGet);
    registration.close();

    token.cancel("stop");

    assertThat(runs).hasValue(0);
    assertThat(token.isCancelled()).isTrue();
  }

  @Test
  void aRegistrationTellsWhetherItsHookRan() {
    CancellationToken token = new CancellationToken();
    CancellationToken.Registration quiet = token.onCancel(() -> {});
    quiet.close();
    CancellationToken.Registration cancelled = token.onCancel(() -> {});

    token.cancel("stop");
    cancelled.close();

    assertThat(quiet.ran()).isFalse();
    assertThat(cancelled.ran()).isTrue();
    assertThat(token.onCancel(() -> {}).ran()).as("registered after the cancel").isTrue();
  }

  @Test
  void aHookRegisteredAfterTheCancelRunsAtOnce() {
    CancellationToken token = new CancellationToken();
    token.cancel("stop");
    AtomicInteger runs = new AtomicInteger();

    token.onCancel(runs::incrementAndGet).close();

    assertThat(runs).hasValue(1);
  }

  @Test
  void closingARegistrationWaitsForItsHookWhenItIsRunning() throws Exception {
    CancellationToken token = new CancellationToken();
    CountDownLatch hookStarted = new CountDownLatch(1);
    CountDownLatch releaseHook = new CountDownLatch(1);
    AtomicBoolean hookDone = new AtomicBoolean();
    CancellationToken.Registration registration =
        token.onCancel(
            () -> {
              hookStarted.countDown();
              try {
                releaseHook.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              hookDone.set(true);
            });
    Thread canceller = new Thread(() -> token.cancel("stop"));
    canceller.start();
    assertThat(hookStarted.await(10, TimeUnit.SECONDS)).isTrue();

    Thread closer = new Thread(registration::close);
    closer.start();
    closer.join(200);
    assertThat(closer.isAlive()).as("close waits while the hook runs").isTrue();
    releaseHook.countDown();
    closer.join(10_000);

    assertThat(closer.isAlive()).isFalse();
    assertThat(hookDone).isTrue();
    canceller.join(10_000);
  }
}
