package io.tablewave.query;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the {@code PUBLIC} schema answered while one query was planned: each table name it was asked
 * for and the registered table it gave, or none. A plan made from these answers is still right
 * while the registry gives the same ones, since a physical table keeps its columns for life.
 */
final class TableResolutions {
  /** A name looked up, exactly or ignoring case. */
  record Asked(String name, boolean ignoringCase) {
    Asked {
      requireNonNull(name, "name is null");
    }
  }

  /** A registered table as a lookup gave it: its name and the physical table holding its rows. */
  record Answer(String name, String physicalName) {
    Answer {
      requireNonNull(name, "name is null");
      requireNonNull(physicalName, "physicalName is null");
    }
  }

  private final Map<Asked, Optional<Answer>> answers = new ConcurrentHashMap<>();
  private volatile boolean listed;

  void answered(Asked asked, Optional<Answer> answer) {
    answers.putIfAbsent(asked, answer);
  }

  /** The names were listed by a pattern: the plan may then depend on every table there is. */
  void listed() {
    listed = true;
  }

  /** Whether {@code lookUp} gives every answer given while planning. */
  boolean stillGiven(Function<Asked, Optional<Answer>> lookUp) {
    for (Map.Entry<Asked, Optional<Answer>> answer : answers.entrySet()) {
      if (!lookUp.apply(answer.getKey()).equals(answer.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether a plan may be kept and checked against these answers later: not when names were listed,
   * since a listing cannot be checked name by name.
   */
  boolean checkable() {
    return !listed;
  }
}
