package io.tablewave.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class MessagesTest {
  @Test
  void aCauseAndItsMessageAreJoined() {
    SQLException failure =
        new SQLException(
            "creating table T failed", new IllegalStateException("Out of Range Error: overflow"));

    assertThat(Messages.describe(failure))
        .isEqualTo("creating table T failed: Out of Range Error: overflow");
  }

  @Test
  void aWrapperRepeatingItsCauseIsLeftOut() {
    SQLException failure =
        new SQLException("loading failed: disk full", new RuntimeException("disk full"));

    assertThat(Messages.describe(failure)).isEqualTo("loading failed: disk full");
  }

  @Test
  void aWrapperPuttingAClassNameAndPositionBeforeAMessageAlreadySaidIsLeftOut() {
    IllegalArgumentException validator =
        new IllegalArgumentException("Cannot apply '+' to DATE and INTEGER");
    RuntimeException positioned =
        new RuntimeException(
            "From line 1, column 8 to line 1, column 30: " + validator.getMessage(), validator);
    Exception wrapper =
        new Exception("org.example.ContextException: " + positioned.getMessage(), positioned);
    SQLException failure =
        new SQLException("cannot plan the query: " + validator.getMessage(), wrapper);

    assertThat(Messages.describe(failure))
        .isEqualTo("cannot plan the query: Cannot apply '+' to DATE and INTEGER");
  }

  @Test
  void aFailureWithoutMessagesIsNamedByItsClass() {
    assertThat(Messages.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
  }
}
