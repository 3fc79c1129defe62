package io.tablewave.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The one retry rule, and the one classification of the store's transient failures. */
class RetryTest {
  private static final Retry.Policy POLICY =
      new Retry.Policy(4, Duration.ofMillis(10), Duration.ofMillis(25));
  private static final SQLException CONFLICT =
      new SQLException("TransactionContext Error: Failed to commit: write-write conflict on key");

  private final List<Duration> pauses = new ArrayList<>();
  private final Retry.Pause recorded = pause -> pauses.add(pause);

  @Test
  void aTransientFailureIsTriedAgainAfterGrowingPauses() throws Exception {
    AtomicInteger calls = new AtomicInteger();

    String result =
        Retry.run(
            POLICY,
            RetryTest::transientInStore,
            recorded,
            (attempt, pause, e) -> {},
            () -> {
              if (calls.incrementAndGet() < 4) {
                throw CONFLICT;
              }
              return "done";
            });

    assertThat(result).isEqualTo("done");
    assertThat(pauses)
        .containsExactly(Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(25));
  }

  @Test
  void givesUpWithTheLastFailureWhenAttemptsAreSpent() {
    Retry.GaveUp gaveUp =
        catchThrowableOfType(
            Retry.GaveUp.class,
            () ->
                Retry.run(
                    POLICY,
                    RetryTest::transientInStore,
                    recorded,
                    (attempt, pause, e) -> {},
                    () -> {
                      throw CONFLICT;
                    }));

    assertThat(gaveUp.failure()).isSameAs(CONFLICT);
    assertThat(gaveUp.attempts()).isEqualTo(4);
    assertThat(pauses).hasSize(3);
  }

  @Test
  void aPermanentFailureIsNotTriedAgain() {
    SQLException syntax =
        new SQLException("Parser Error: syntax error at or near \"SELEC\"", "42601");

    Retry.GaveUp gaveUp =
        catchThrowableOfType(
            Retry.GaveUp.class,
            () ->
                Retry.run(
                    POLICY,
                    RetryTest::transientInStore,
                    recorded,
                    (attempt, pause, e) -> {},
                    () -> {
                      throw syntax;
                    }));

    assertThat(gaveUp.failure()).isSameAs(syntax);
    assertThat(gaveUp.attempts()).isEqualTo(1);
    assertThat(pauses).isEmpty();
  }

  @Test
  void aPauseThatStopsEndsTheRetries() {
    Retry.GaveUp gaveUp =
        catchThrowableOfType(
            Retry.GaveUp.class,
            () ->
                Retry.run(
                    POLICY,
                    RetryTest::transientInStore,
                    pause -> false,
                    (attempt, pause, e) -> {},
                    () -> {
                      throw CONFLICT;
                    }));

    assertThat(gaveUp.attempts()).isEqualTo(1);
  }

  @Test
  void theStoreFailuresWorthAnotherAttempt() {
    assertThat(TransientStoreErrors.isTransactionConflict(CONFLICT)).isTrue();
    assertThat(
            TransientStoreErrors.isTransactionConflict(
                new SQLException("could not serialize", "40001")))
        .isTrue();
    assertThat(
            TransientStoreErrors.isTransient(new SQLTransientConnectionException("pool timed out")))
        .isTrue();
    assertThat(TransientStoreErrors.isTransient(new SQLException("connection reset", "08006")))
        .isTrue();
    assertThat(
            TransientStoreErrors.isTransient(new SQLException("table T does not exist", "42S02")))
        .isFalse();
    assertThat(
            TransientStoreErrors.isTransactionConflict(
                new SQLException("connection reset", "08006")))
        .isFalse();
  }

  private static boolean transientInStore(Exception e) {
    return e instanceof SQLException sql && TransientStoreErrors.isTransient(sql);
  }
}
