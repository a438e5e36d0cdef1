package io.sparkglm.core.solver;

/** Receives one record per solver iteration (for progress logs). */
@FunctionalInterface
public interface IterationListener {
  /** Called after each iteration. */
  void onIteration(String solver, IterationRecord record);

  /** A listener that ignores everything. */
  static IterationListener none() {
    return (s, r) -> { };
  }
}
