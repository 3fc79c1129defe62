package io.tablewave.refresh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.registry.KafkaOffsetEntry;
import io.tablewave.source.kafka.PartitionRange;
import io.tablewave.source.kafka.TopicBounds;
import java.util.List;
import org.junit.jupiter.api.Test;

class OffsetContinuationTest {
  private static final List<KafkaOffsetEntry> READ =
      List.of(
          new KafkaOffsetEntry("T", "orders", 0, 0, 10),
          new KafkaOffsetEntry("T", "orders", 1, 2, 5));

  private static TopicBounds now(PartitionRange... ranges) {
    return new TopicBounds("orders", List.of(ranges));
  }

  @Test
  void readsEachPartitionFromItsNextOffsetAndNewOnesFromTheirFirst() {
    OffsetContinuation.Continuation continuation =
        OffsetContinuation.continueFrom(
            "T",
            "orders",
            "id-1",
            READ,
            "id-1",
            now(
                new PartitionRange(0, 3, 12),
                new PartitionRange(1, 5, 5),
                new PartitionRange(2, 4, 7)));

    assertThat(continuation.ranges())
        .containsExactly(
            new PartitionRange(0, 10, 12),
            new PartitionRange(1, 5, 5),
            new PartitionRange(2, 4, 7));
    assertThat(continuation.offsetsAfter())
        .containsExactly(
            new KafkaOffsetEntry("T", "orders", 0, 0, 12),
            new KafkaOffsetEntry("T", "orders", 1, 2, 5),
            new KafkaOffsetEntry("T", "orders", 2, 4, 7));
  }

  @Test
  void aNewTopicIdIsARecreatedTopic() {
    assertThatThrownBy(
            () ->
                OffsetContinuation.continueFrom(
                    "T", "orders", "id-1", READ, "id-2", now(new PartitionRange(0, 0, 20))))
        .isInstanceOf(TablewaveException.class)
        .hasMessageContaining("topic 'orders' was deleted and created again")
        .hasMessageContaining("partition 0 up to offset 10")
        .hasMessageContaining("REFRESH TABLE T FULL")
        .satisfies(
            e ->
                assertThat(((TablewaveException) e).errorCode())
                    .isEqualTo(ErrorCode.SOURCE_CHANGED));
  }

  @Test
  void anEndBelowTheRecordedOffsetIsARecreatedTopic() {
    assertThatThrownBy(
            () ->
                OffsetContinuation.continueFrom(
                    "T",
                    "orders",
                    "id-1",
                    READ,
                    "id-1",
                    now(new PartitionRange(0, 0, 4), new PartitionRange(1, 0, 5))))
        .hasMessageContaining("partition 0 of topic 'orders' ends at offset 4, below offset 10");
  }

  @Test
  void aLogStartAboveTheRecordedOffsetIsARetentionGap() {
    assertThatThrownBy(
            () ->
                OffsetContinuation.continueFrom(
                    "T",
                    "orders",
                    "id-1",
                    READ,
                    "id-1",
                    now(new PartitionRange(0, 0, 12), new PartitionRange(1, 8, 9))))
        .hasMessageContaining(
            "records of partition 1 of topic 'orders' at offsets 5 to 7 were deleted");
  }

  @Test
  void aVanishedPartitionFails() {
    assertThatThrownBy(
            () ->
                OffsetContinuation.continueFrom(
                    "T", "orders", "id-1", READ, "id-1", now(new PartitionRange(0, 0, 12))))
        .hasMessageContaining("partition 1 of topic 'orders' no longer exists")
        .hasMessageContaining("up to offset 5");
  }
}
