package io.sparkglm.core.solver;

/** Checks on a resumed {@link SolverState}. */
final class SolverStates {
  private SolverStates() {
  }

  /** {@code v} when it has length {@code d}; else an error: the checkpoint is of another problem. */
  static double[] sameLength(double[] v, int d, String solver) {
    if (v.length != d) {
      throw new IllegalArgumentException(solver + " checkpoint has a vector of length " + v.length + " for a problem"
          + " of dimension " + d + ": it was saved by another fit");
    }
    return v;
  }
}
