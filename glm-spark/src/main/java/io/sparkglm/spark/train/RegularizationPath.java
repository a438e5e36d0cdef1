package io.sparkglm.spark.train;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.fit.FeatureStats;
import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Status;
import io.sparkglm.spark.eval.SparkDataTerm;
import io.sparkglm.spark.solver.DistributedSolver;
import io.sparkglm.spark.solver.SolverRegistry;
import io.sparkglm.spark.solver.TrainingProblem;
import io.sparkglm.spark.stats.GlmStatisticsCalculator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.apache.spark.api.java.JavaRDD;

/**
 * A regularization path: fits for a decreasing sequence of lambdas in one call, each warm-started from the
 * previous solution (Friedman, Hastie and Tibshirani 2010, section 2.5). glmnet's default sequence:
 * {@value #DEFAULT_LAMBDAS} values log-spaced from {@code lambda_max} (the smallest lambda zeroing every
 * coefficient, from the gradient at the intercept-only model; with {@code alpha < 0.001} computed as for
 * {@code alpha = 0.001}, as glmnet does) down to {@code lambda_max * 1e-4} when n > p, else {@code * 1e-2}.
 *
 * <p>Passes: one statistics pass, the null model (one pass, a few with offsets), one gradient pass, one deviance
 * pass, then each point's solver passes. The deviance of each point comes without a pass: for a GLM,
 * {@code deviance = 2 (W D(b) - C)} with {@code C = sum_i w_i l(y_i, g(y_i))}, obtained once from the null
 * model's deviance and data term.
 */
public final class RegularizationPath {
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.fit");
  /** Default number of lambdas. */
  public static final int DEFAULT_LAMBDAS = 100;

  private final SolverRegistry registry = SolverRegistry.load();
  private final int depth;
  private final Map<String, String> options;
  private final boolean warmStarts;

  /** A path builder with this treeAggregate depth and solver options, warm-starting each fit. */
  public RegularizationPath(int depth, Map<String, String> options) {
    this(depth, options, true);
  }

  /**
   * @param warmStarts {@code false} starts every fit from scratch (to measure what warm starts save)
   */
  public RegularizationPath(int depth, Map<String, String> options, boolean warmStarts) {
    this.depth = depth;
    this.options = Map.copyOf(options);
    this.warmStarts = warmStarts;
  }

  /**
   * One point of the path.
   *
   * @param coefficients length p (original scale)
   */
  public record Point(double lambda, int nonZeros, double objective, double deviance, double devianceExplained,
      double kkt, int iterations, long passes, Status status, double[] coefficients, double intercept) {
  }

  /** The path, in decreasing lambda order. */
  public record Result(List<Point> points, double lambdaMax, double nullDeviance, long totalPasses) {
  }

  /** The default lambda sequence between {@code lambdaMax} and {@code lambdaMax * ratio}. */
  public static double[] defaultLambdas(double lambdaMax, double ratio, int count) {
    double[] out = new double[count];
    for (int k = 0; k < count; k++) {
      out[k] = lambdaMax * Math.pow(ratio, count == 1 ? 0 : (double) k / (count - 1));
    }
    return out;
  }

  /**
   * Fits the path of {@code base} (its regParam is ignored).
   *
   * @param lambdas a decreasing user sequence, or {@code null} for the default of {@code count} values
   */
  public Result fit(GlmSpec base, JavaRDD<Block> blocks, int p, boolean hasOffsets, double[] lambdas, int count,
      Function<Supplier<FeatureStats>, FeatureStats> firstAction) {
    double[] factors = base.penaltyFactors();
    if (factors != null && java.util.Arrays.stream(factors).anyMatch(f -> f == 0.0)) {
      // lambda_max would need the fit of the unpenalized features first (glmnet's null model); not there yet.
      throw new IllegalArgumentException("path: a penalty factor of 0 (an unpenalized feature) is not supported by "
          + "the path yet; use positive factors, or train at each lambda");
    }
    double[] lower = base.lowerBounds();
    double[] upper = base.upperBounds();
    if (lower != null && Arrays.stream(lower).anyMatch(v -> v > 0)
        || upper != null && Arrays.stream(upper).anyMatch(v -> v < 0)) {
      // The path starts at lambda_max from the intercept-only model, which such a box excludes.
      throw new IllegalArgumentException("path: coefficient bounds must allow 0 (lower bounds <= 0 <= upper "
          + "bounds, as glmnet requires); use train for other boxes");
    }
    try (PreparedFit prepared = PreparedFit.prepare(blocks, base.loss(), p, depth, "path", firstAction)) {
      FeatureStats stats = prepared.stats();
      SparkDataTerm data = prepared.data();
      FitSetup nullSetup = FitSetup.of(withLambda(base, 0.0), stats);
      double[] b0 = GlmStatisticsCalculator.nullModel(blocks, nullSetup, hasOffsets, depth);
      data.describe("path: gradient at the intercept-only model");
      Evaluation atNull = data.evaluate(b0, Order.GRADIENT);
      double nullDeviance = GlmStatisticsCalculator.deviance(blocks, base.loss(), p, b0, depth);
      double saturated = stats.weightSum() * atNull.value() - nullDeviance / 2;
      double lambdaMax = lambdaMax(nullSetup, base, atNull.gradient());
      double[] seq = lambdas != null ? lambdas.clone()
          : defaultLambdas(lambdaMax, stats.rows() > p ? 1e-4 : 1e-2, count);
      List<Point> points = new ArrayList<>();
      double[] warm = nullSetup.reparametrization().fromOriginal(b0);
      long passes = data.passes() + 2;
      for (double lambda : seq) {
        GlmSpec spec = withLambda(base, lambda);
        FitSetup setup = FitSetup.of(spec, stats);
        DistributedSolver solver = registry.create(spec.solver(), p, setup.solverPenalty(), options);
        data.describe("path lambda=" + lambda);
        Solution s = solver.solve(new TrainingProblem(blocks, spec.loss(), setup, setup.solverView(data), depth,
            warmStarts ? warm : null), spec.stop(), IterationListener.none());
        warm = s.coefficients();
        double[] b = setup.toOriginal(s.coefficients());
        double dataTerm = s.objective() - setup.penalty().value(b);
        double deviance = 2 * (stats.weightSum() * dataTerm - saturated);
        int nnz = 0;
        for (int j = 0; j < p; j++) {
          nnz += b[j] != 0.0 ? 1 : 0;
        }
        points.add(new Point(lambda, nnz, s.objective(), deviance, 1 - deviance / nullDeviance, s.optimality(),
            s.iterations(), s.passes(), s.status(), Arrays.copyOf(b, p), b[p]));
        passes += s.passes();
        LOG.info("path lambda={} nonZeros={} objective={} devExplained={} iterations={} passes={} status={}",
            lambda, nnz, s.objective(), 1 - deviance / nullDeviance, s.iterations(), s.passes(), s.status());
      }
      return new Result(points, lambdaMax, nullDeviance, passes);
    }
  }

  /** {@code max_j |g_j| / (alpha f_j)} over free features, {@code f_j} the penalty factors of the setup. */
  private static double lambdaMax(FitSetup setup, GlmSpec base, double[] gradient) {
    int p = gradient.length - 1;
    double alpha = Math.max(base.elasticNetParam(), 1e-3);
    FitSetup unit = FitSetup.of(withLambda(base, 1.0, 1.0), setup.stats());
    boolean[] fixed = unit.fixed();
    double max = 0.0;
    for (int j = 0; j < p; j++) {
      if (!fixed[j]) {
        max = Math.max(max, Math.abs(gradient[j]) / (alpha * unit.penalty().l1(j)));
      }
    }
    return max;
  }

  private static GlmSpec withLambda(GlmSpec s, double lambda) {
    return withLambda(s, lambda, s.elasticNetParam());
  }

  private static GlmSpec withLambda(GlmSpec s, double lambda, double alpha) {
    return s.withPenalty(lambda, alpha);
  }
}
