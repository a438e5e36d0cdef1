package io.sparkglm.core.solver;

/** Receives one record per solver iteration (for progress logs). */
@FunctionalInterface
public interface IterationListener {
  /** Called after each iteration. */
  void onIteration(String solver, IterationRecord record);

  /**
   * Where the solver saves its state and finds it on resume ({@link Checkpoints#NONE} unless the trainer was
   * given a checkpoint directory).
   */
  default Checkpoints checkpoints() {
    return Checkpoints.NONE;
  }

  /** A listener that ignores everything. */
  static IterationListener none() {
    return (s, r) -> { };
  }
}
