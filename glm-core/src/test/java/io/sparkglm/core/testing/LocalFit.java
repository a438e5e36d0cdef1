package io.sparkglm.core.testing;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.fit.FeatureStats;
import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.LocalDataTerm;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Solver;
import java.util.List;

/** The fit recipe on local blocks (the test twin of glm-spark's trainer). */
public record LocalFit(double[] coef, double objective, double kkt, Solution solution) {

  /** Fits {@code spec} on {@code blocks} with {@code solver}; {@code coef} has the intercept last. */
  public static LocalFit fit(GlmSpec spec, List<Block> blocks, int p, Solver solver) {
    FeatureStats stats = new FeatureStats(p);
    blocks.forEach(stats::add);
    FitSetup setup = FitSetup.of(spec, stats);
    LocalDataTerm data = new LocalDataTerm(blocks, spec.loss(), p);
    Solution s = solver.solve(setup.solverView(data), setup.solverPenalty(), setup.startInSolverSpace(),
        spec.stop(), IterationListener.none());
    double[] b = setup.toOriginal(s.coefficients());
    Evaluation e = data.evaluate(b, Order.GRADIENT);
    return new LocalFit(b, setup.objective(e.value(), b), setup.kktViolation(b, e.gradient()), s);
  }
}
