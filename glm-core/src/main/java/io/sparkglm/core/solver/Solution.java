package io.sparkglm.core.solver;

import java.util.List;

/**
 * What a solver returns.
 *
 * @param coefficients length p+1, intercept last, in the solver's variables
 * @param objective {@code F} at the coefficients
 * @param optimality the optimality measure (KKT violation) at the coefficients
 * @param iterations iterations done
 * @param passes data passes used
 * @param status how the run ended
 * @param history one record per iteration
 */
public record Solution(double[] coefficients, double objective, double optimality, int iterations, long passes,
    Status status, List<IterationRecord> history) {
  /** Copies the history list. */
  public Solution {
    history = List.copyOf(history);
  }
}
