package io.tablewave.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tablewave.error.ErrorCode;
import io.tablewave.error.TablewaveException;
import io.tablewave.sql.RefreshSchedule.Kind;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RefreshScheduleTest {
  private static RefreshSchedule of(Map<String, String> properties) {
    return TableProperties.parse(properties).refresh();
  }

  @Test
  void withoutPropertiesATableIsRefreshedByStatementsOnly() {
    assertThat(of(Map.of())).isEqualTo(RefreshSchedule.MANUAL);
    assertThat(of(Map.of("refresh", "off"))).isEqualTo(RefreshSchedule.MANUAL);
    assertThat(RefreshSchedule.MANUAL.active()).isFalse();
    assertThat(RefreshSchedule.MANUAL.intervalText()).isEmpty();
  }

  @Test
  void continuousRefreshesEverySecondByDefault() {
    RefreshSchedule schedule = of(Map.of("REFRESH", "Continuous"));
    assertThat(schedule.kind()).isEqualTo(Kind.CONTINUOUS);
    assertThat(schedule.interval()).contains(Duration.ofSeconds(1));
    assertThat(schedule.intervalText()).contains("1s");
  }

  @Test
  void aLongerIntervalMakesATableScheduledAndOffPausesIt() {
    RefreshSchedule five = of(Map.of("refresh", "continuous", "refresh.interval", "5m"));
    assertThat(five.kind()).isEqualTo(Kind.SCHEDULED);
    assertThat(five.intervalText()).contains("5m");
    assertThat(of(Map.of("refresh", "continuous", "refresh.interval", "500ms")).kind())
        .isEqualTo(Kind.CONTINUOUS);
    RefreshSchedule paused = of(Map.of("refresh", "continuous", "refresh.interval", "OFF"));
    assertThat(paused.kind()).isEqualTo(Kind.PAUSED);
    assertThat(paused.active()).isFalse();
    assertThat(paused.interval()).isEqualTo(Optional.empty());
    assertThat(paused.intervalText()).contains("off");
  }

  @Test
  void badValuesAreRefusedNamingTheKeyTheValueAndWhatIsAllowed() {
    assertInvalid(Map.of("refresh", "hourly"), "'hourly'", "'continuous'", "'off'");
    assertInvalid(
        Map.of("refresh", "continuous", "refresh.interval", "soon"), "'soon'", "'30s'", "'off'");
    assertInvalid(Map.of("refresh", "continuous", "refresh.interval", "50ms"), "at least 100 ms");
    assertInvalid(Map.of("refresh.interval", "5m"), "'refresh' = 'continuous'");
    assertInvalid(Map.of("refresh.mode", "fast"), "Unknown property 'refresh.mode'");
  }

  @Test
  void theRefreshPropertiesDoNotChangeTheRowsOfATable() {
    assertThat(TableProperties.affectsRows("refresh")).isFalse();
    assertThat(TableProperties.affectsRows("Refresh.Interval")).isFalse();
    assertThat(TableProperties.affectsRows("format")).isTrue();
    assertThat(TableProperties.affectsRows("owner")).isTrue();
  }

  private static void assertInvalid(Map<String, String> properties, String... fragments) {
    assertThatThrownBy(() -> of(properties))
        .isInstanceOf(TablewaveException.class)
        .satisfies(
            e ->
                assertThat(((TablewaveException) e).errorCode())
                    .isEqualTo(ErrorCode.INVALID_PROPERTY))
        .message()
        .contains(fragments);
  }
}
