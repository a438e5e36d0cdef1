package io.sparkglm.core.solver;

import java.util.List;

/**
 * What a solver returns. Serializable, so a solver run inside a Spark task (glm-spark's all-reduce mode) can
 * return it to the driver.
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
    Status status, List<IterationRecord> history) implements java.io.Serializable {
  /** Copies the history list. */
  public Solution {
    history = List.copyOf(history);
  }
}
