package io.tablewave.avatica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.apache.calcite.avatica.Meta.StatementHandle;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.junit.jupiter.api.Test;

class StatementOwnersTest {
  @Test
  void aStatementBelongsToTheConnectionThatOpenedItUntilItIsClosed() throws Exception {
    StatementOwners owners = new StatementOwners(10);
    owners.opened(1, "a", id -> true);
    owners.opened(2, "b", id -> true);

    owners.check(new StatementHandle("a", 1, null));
    assertThatThrownBy(() -> owners.check(new StatementHandle("b", 1, null)))
        .isInstanceOf(NoSuchStatementException.class);
    assertThat(owners.owns(new StatementHandle("a", 3, null))).as("never opened").isFalse();

    owners.closed(new StatementHandle("b", 1, null));
    assertThat(owners.owns(new StatementHandle("a", 1, null)))
        .as("another connection's close changes nothing")
        .isTrue();
    owners.closed(new StatementHandle("a", 1, null));
    assertThat(owners.owns(new StatementHandle("a", 1, null))).isFalse();

    owners.connectionClosed("b");
    assertThat(owners.owns(new StatementHandle("b", 2, null))).isFalse();
  }

  @Test
  void statementsTheServerNoLongerHasAreForgottenOnceTwiceAsManyAsItKeepsAreRecorded() {
    StatementOwners owners = new StatementOwners(2);
    Set<Integer> open = new HashSet<>();
    for (int id = 1; id <= 4; id++) {
      open.add(id);
      owners.opened(id, "a", open::contains);
      // the server keeps two: the older ones expire there
      open.remove(id - 2);
    }
    assertThat(owners.owns(new StatementHandle("a", 1, null)))
        .as("four recorded, none forgotten yet")
        .isTrue();

    open.add(5);
    open.remove(3);
    owners.opened(5, "a", open::contains);

    for (int id = 1; id <= 3; id++) {
      assertThat(owners.owns(new StatementHandle("a", id, null))).as("statement " + id).isFalse();
    }
    assertThat(owners.owns(new StatementHandle("a", 4, null))).isTrue();
    assertThat(owners.owns(new StatementHandle("a", 5, null))).isTrue();
  }
}
