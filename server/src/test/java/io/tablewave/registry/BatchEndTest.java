package io.tablewave.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchEndTest {
  private static final Instant AT = Instant.parse("2026-12-04T21:00:00Z");

  private static BatchTableEntry table(String name, BatchTableStatus status) {
    return new BatchTableEntry(7, name, 0, 0, status, 1, null, AT, AT, null, null, 1);
  }

  @Test
  void aCancelledBatchIsCancelledWhenItStoppedATable() {
    BatchEnd end =
        BatchEnd.of(
            List.of(table("A", BatchTableStatus.SUCCEEDED), table("B", BatchTableStatus.CANCELLED)),
            true);
    assertThat(end.status()).isEqualTo(BatchStatus.CANCELLED);
    assertThat(end.error()).isEqualTo("0 failed, 0 skipped, 1 cancelled");
  }

  @Test
  void aCancelThatCameOnceEveryTableHadLoadedLeavesTheBatchSucceeded() {
    BatchEnd end =
        BatchEnd.of(
            List.of(
                table("A", BatchTableStatus.SUCCEEDED), table("B", BatchTableStatus.UP_TO_DATE)),
            true);
    assertThat(end.status()).isEqualTo(BatchStatus.SUCCEEDED);
    assertThat(end.error()).isNull();
  }

  @Test
  void aBatchNotCancelledIsPartialOrFailedByItsTables() {
    assertThat(
            BatchEnd.of(
                    List.of(
                        table("A", BatchTableStatus.SUCCEEDED),
                        table("B", BatchTableStatus.FAILED)),
                    false)
                .status())
        .isEqualTo(BatchStatus.PARTIAL);
    assertThat(BatchEnd.of(List.of(table("B", BatchTableStatus.FAILED)), false).status())
        .isEqualTo(BatchStatus.FAILED);
  }
}
