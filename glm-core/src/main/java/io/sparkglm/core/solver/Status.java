package io.sparkglm.core.solver;

/** How a solver run ended. */
public enum Status {
  /** The optimality measure fell below the tolerance, or the objective stopped changing at machine precision. */
  CONVERGED,
  /** The iteration limit was reached before convergence. */
  MAX_ITERATIONS,
  /** No step along the search direction decreased the objective. */
  LINE_SEARCH_FAILED,
  /** The wall-clock budget ran out before convergence. */
  TIME_BUDGET,
  /** The objective was NaN or infinite at the start (e.g. labels the link cannot fit). */
  NOT_FINITE,
  /**
   * The solver stopped on its own criterion (no further decrease at rounding level, or ADMM's residuals), but
   * the certificate on the full data is above the tolerance on both the absolute and the relative scale.
   */
  STALLED,
  /**
   * No finite maximum-likelihood estimate exists: an unpenalized binomial or Poisson fit whose fitted means
   * reach the edge of their domain (the classes are separated, or a count is exactly explained as zero), so the
   * likelihood keeps increasing as some coefficients grow without bound.
   */
  SEPARATED;

  /** Whether this status means the solver converged. */
  public boolean converged() {
    return this == CONVERGED;
  }
}
