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
  NOT_FINITE;

  /** Whether this status means the solver converged. */
  public boolean converged() {
    return this == CONVERGED;
  }
}
