package io.sparkglm.spark.solver;

import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.NewtonSolver;
import io.sparkglm.core.solver.ProximalGradientSolver;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Solver;
import io.sparkglm.core.solver.StoppingRule;
import java.util.Map;
import java.util.Set;

/**
 * Registers glm-core's full-batch solvers ({@code newton}, {@code proxgrad}, {@code gd}) as distributed
 * solvers: they run on the driver and call the distributed data term once per pass.
 */
public abstract class CoreSolverProvider implements SolverProvider {

  /** Wraps a core solver. */
  static DistributedSolver wrap(Solver solver) {
    return new DistributedSolver() {
      @Override
      public String name() {
        return solver.name();
      }

      @Override
      public boolean supports(Penalty penalty) {
        return solver.supports(penalty);
      }

      @Override
      public boolean resumable() {
        return true; // newton, proxgrad and gd save their state through the listener's checkpoints
      }

      @Override
      public java.util.Optional<Solver> fullBatch() {
        return java.util.Optional.of(solver);
      }

      @Override
      public Solution solve(TrainingProblem problem, StoppingRule stop, IterationListener listener) {
        return solver.solve(problem.data(), problem.penalty(), problem.start(), stop, listener);
      }
    };
  }

  /** {@code newton}: Newton/IRLS, proximal Newton with coordinate descent for L1. */
  public static final class Newton extends CoreSolverProvider {
    /** Option: the largest p accepted. */
    public static final String MAX_FEATURES = "maxFeatures";

    @Override
    public String name() {
      return "newton";
    }

    @Override
    public String description() {
      return "Newton/IRLS; proximal Newton with coordinate descent for L1 (one pass per iteration; p <= "
          + NewtonSolver.DEFAULT_MAX_FEATURES + ")";
    }

    @Override
    public Set<String> options() {
      return Set.of(MAX_FEATURES);
    }

    @Override
    public java.util.List<OptionDoc> optionDocs() {
      return java.util.List.of(new OptionDoc(MAX_FEATURES, "integer >= 1",
          Integer.toString(NewtonSolver.DEFAULT_MAX_FEATURES), "the largest number of features accepted (the "
              + "Hessian has p^2 entries)"));
    }

    @Override
    public DistributedSolver create(Map<String, String> options) {
      int max = Integer.parseInt(options.getOrDefault(MAX_FEATURES,
          Integer.toString(NewtonSolver.DEFAULT_MAX_FEATURES)));
      return wrap(new NewtonSolver(max));
    }
  }

  /** {@code proxgrad}: proximal gradient, FISTA by default. */
  public static final class ProxGrad extends CoreSolverProvider {
    /** Option: {@code true} (default) for FISTA acceleration. */
    public static final String ACCELERATE = "accelerate";

    @Override
    public String name() {
      return "proxgrad";
    }

    @Override
    public String description() {
      return "proximal gradient with backtracking, FISTA acceleration with restart (any penalty)";
    }

    @Override
    public Set<String> options() {
      return Set.of(ACCELERATE);
    }

    @Override
    public java.util.List<OptionDoc> optionDocs() {
      return java.util.List.of(new OptionDoc(ACCELERATE, "true|false", "true",
          "FISTA acceleration with restart; false for plain ISTA"));
    }

    @Override
    public DistributedSolver create(Map<String, String> options) {
      String a = options.getOrDefault(ACCELERATE, "true");
      if (!a.equals("true") && !a.equals("false")) {
        throw new IllegalArgumentException("proxgrad option accelerate must be true or false, got '" + a + "'");
      }
      return wrap(ProximalGradientSolver.proximalGradient(Boolean.parseBoolean(a)));
    }
  }

  /** {@code gd}: gradient descent with Armijo backtracking (smooth penalties). */
  public static final class GradientDescent extends CoreSolverProvider {
    @Override
    public String name() {
      return "gd";
    }

    @Override
    public String description() {
      return "gradient descent with backtracking Armijo line search (L2 or no penalty)";
    }

    @Override
    public DistributedSolver create(Map<String, String> options) {
      return wrap(ProximalGradientSolver.gradientDescent());
    }
  }
}
