package io.sparkglm.spark.solver;

import java.util.Map;

/**
 * The service-provider interface through which solvers are found by name (Java {@link java.util.ServiceLoader};
 * list implementations in {@code META-INF/services/io.sparkglm.spark.solver.SolverProvider}). Modules such as
 * {@code admm} register their solvers this way, so glm-spark never depends on them.
 */
public interface SolverProvider {
  /** The name users pass as {@code --solver}, e.g. {@code "newton"}. */
  String name();

  /** One line for help texts. */
  String description();

  /** Solver-specific option names this provider understands (for validation of user input). */
  default java.util.Set<String> options() {
    return java.util.Set.of();
  }

  /**
   * Creates the solver.
   *
   * @param options solver-specific options (keys from {@link #options()}); unknown keys were rejected before
   */
  DistributedSolver create(Map<String, String> options);
}
