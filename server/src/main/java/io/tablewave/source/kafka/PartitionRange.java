package io.tablewave.source.kafka;

/**
 * The offsets of one partition a load reads: from {@code startOffset} up to {@code endOffset}
 * excluded.
 */
public record PartitionRange(int partition, long startOffset, long endOffset) {
  public PartitionRange {
    if (startOffset < 0 || endOffset < startOffset) {
      throw new IllegalArgumentException(
          "bad range for partition " + partition + ": " + startOffset + ".." + endOffset);
    }
  }

  /** Offsets in the range; records in it may be fewer (compaction, transaction markers). */
  public long size() {
    return endOffset - startOffset;
  }
}
