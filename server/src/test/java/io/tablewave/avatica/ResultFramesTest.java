package io.tablewave.avatica;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultFramesTest {
  @Test
  void aFrameHoldsTheRowsAskedForUpToItsValues() {
    assertThat(ResultFrames.rowsPerFrame(20_000, 4)).isEqualTo(20_000);
    assertThat(ResultFrames.rowsPerFrame(20_000, 80)).isEqualTo(2_500);
    assertThat(ResultFrames.rowsPerFrame(1_000_000, 1)).isEqualTo(ResultFrames.VALUES_PER_FRAME);
  }

  @Test
  void allRowsMeansAsManyAsAFrameHoldsAndNoneMeansNone() {
    assertThat(ResultFrames.rowsPerFrame(-1, 80)).isEqualTo(2_500);
    assertThat(ResultFrames.rowsPerFrame(0, 80)).isZero();
  }

  @Test
  void aRowWiderThanAFrameStillComesOneAtATime() {
    assertThat(ResultFrames.rowsPerFrame(100, ResultFrames.VALUES_PER_FRAME * 2)).isEqualTo(1);
  }
}
