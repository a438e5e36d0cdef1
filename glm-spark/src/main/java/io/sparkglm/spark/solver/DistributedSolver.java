package io.sparkglm.spark.solver;

import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.StoppingRule;

/**
 * A solver that trains on a {@link TrainingProblem}. The returned {@link Solution}'s coefficients are in the
 * solver's variables ({@link io.sparkglm.core.fit.FitSetup#toOriginal} maps them back).
 */
public interface DistributedSolver {
  /** The registered name. */
  String name();

  /** Whether the solver handles this penalty. */
  boolean supports(Penalty penalty);

  /**
   * Whether the solver saves and resumes its state through the listener's
   * {@link io.sparkglm.core.solver.Checkpoints} (a run killed with the driver then continues where it was).
   */
  default boolean resumable() {
    return false;
  }

  /**
   * The solver as a plain {@link io.sparkglm.core.solver.Solver}, when it needs nothing but full-data evaluations of
   * {@link TrainingProblem#data()} (newton, lbfgs, proxgrad, gd): such a solver can also run inside every task of
   * one barrier stage, on an all-reduced data term ({@code --aggregation allreduce}). Empty for solvers that work
   * per partition or on samples (admm, the SGD family).
   */
  default java.util.Optional<io.sparkglm.core.solver.Solver> fullBatch() {
    return java.util.Optional.empty();
  }

  /** Minimizes the problem's objective from its start. */
  Solution solve(TrainingProblem problem, StoppingRule stop, IterationListener listener);
}
