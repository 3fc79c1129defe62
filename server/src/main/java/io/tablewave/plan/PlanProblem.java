package io.tablewave.plan;

import static java.util.Objects.requireNonNull;

import io.tablewave.error.ErrorCode;

/**
 * A reason to reject a batch.
 *
 * @param code the error code the client receives
 * @param message for people: what is wrong, where, and what to do
 * @param statementIndex the 0-based statement it concerns, or -1 when it concerns the whole batch
 */
public record PlanProblem(ErrorCode code, String message, int statementIndex) {
  public PlanProblem {
    requireNonNull(code, "code is null");
    requireNonNull(message, "message is null");
    if (statementIndex < -1) {
      throw new IllegalArgumentException("statementIndex is below -1: " + statementIndex);
    }
  }
}
