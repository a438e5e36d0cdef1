package io.sparkglm.core.solver;

import java.util.Map;

/**
 * One solver iteration, as logged and reported in summary.json's {@code history}.
 *
 * @param iteration 1-based
 * @param objective {@code F} after the iteration
 * @param optimality the optimality measure after the iteration (KKT violation)
 * @param step the accepted step size (solvers without a step report their own analogue, documented there)
 * @param seconds wall seconds since the solver started
 * @param passes data passes since the solver started
 * @param details solver-specific figures (e.g. ADMM's primal and dual residuals and rho), in a stable order;
 *     empty for most solvers
 */
public record IterationRecord(int iteration, double objective, double optimality, double step, double seconds,
    long passes, Map<String, Double> details) implements java.io.Serializable {

  /** Copies the details. */
  public IterationRecord {
    details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(details));
  }

  /** A record without solver-specific details. */
  public IterationRecord(int iteration, double objective, double optimality, double step, double seconds,
      long passes) {
    this(iteration, objective, optimality, step, seconds, passes, Map.of());
  }
}
