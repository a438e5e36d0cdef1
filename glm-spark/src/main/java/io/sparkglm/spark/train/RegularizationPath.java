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
 * <p>Sequential strong rules with a KKT check ({@link StrongRules}; Tibshirani et al. 2012): at each lambda the
 * solver fits only the features the rule keeps (the others held at zero, as every solver holds fixed
 * coordinates), then the full gradient at the answer checks the KKT conditions over the left-out features;
 * violators join and the fit is repeated. The full gradient usually comes free: it is the solver's own last
 * evaluation (the data term's gradient covers every feature), else one pass. Each point's line in the log gives
 * the strong set's size and the violations.
 *
 * <p>What makes a point cheap ({@link LastEvaluation}): the solver's first evaluation, at the warm start, is the
 * previous point's last one and costs no pass. Value and gradient always cover every feature, so the KKT
 * certificate of the full problem at each point comes from a full gradient at the answer.
 *
 * <p>Passes: one statistics pass, the null model (one pass, a few with offsets), one gradient pass, one deviance
 * pass, then each point's solver passes (and KKT-check passes when not free). The deviance of each point comes
 * from the data term at the answer: for a GLM, {@code deviance = 2 (W D(b) - C)} with
 * {@code C = sum_i w_i l(y_i, g(y_i))}, obtained once from the null model's deviance and data term.
 */
public final class RegularizationPath {
  private static final Logger LOG = LogManager.getLogger("io.sparkglm.fit");
  /** Default number of lambdas. */
  public static final int DEFAULT_LAMBDAS = 100;

  private final SolverRegistry registry = SolverRegistry.load();
  private final int depth;
  private final Map<String, String> options;
  private final boolean warmStarts;
  private final boolean strongRules;

  /** A path builder with this treeAggregate depth and solver options, warm-starting each fit. */
  public RegularizationPath(int depth, Map<String, String> options) {
    this(depth, options, true);
  }

  /**
   * @param warmStarts {@code false} starts every fit from scratch (to measure what warm starts save)
   */
  public RegularizationPath(int depth, Map<String, String> options, boolean warmStarts) {
    this(depth, options, warmStarts, true);
  }

  /**
   * @param warmStarts {@code false} starts every fit from scratch (to measure what warm starts save)
   * @param strongRules {@code false} fits every feature at every lambda (to measure what {@link StrongRules}
   *     save; the answers are the same)
   */
  public RegularizationPath(int depth, Map<String, String> options, boolean warmStarts, boolean strongRules) {
    this.depth = depth;
    this.options = Map.copyOf(options);
    this.warmStarts = warmStarts;
    this.strongRules = strongRules;
  }

  /**
   * One point of the path.
   *
   * @param kkt the KKT violation of the full problem at the point (every feature, whatever the strong rule left
   *     out)
   * @param iterations solver iterations, over every refit
   * @param passes data passes at this lambda: the solver's, plus the KKT check's when the solver's last
   *     evaluation was not at the solution
   * @param status the status of the last solver run
   * @param coefficients length p (original scale)
   * @param strongSet the number of features the strong rule kept (p without strong rules)
   * @param violations the number of left-out features that violated the KKT conditions and were added back
   */
  public record Point(double lambda, int nonZeros, double objective, double deviance, double devianceExplained,
      double kkt, int iterations, long passes, Status status, double[] coefficients, double intercept,
      int strongSet, int violations) {
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
      LastEvaluation data = new LastEvaluation(prepared.data());
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
      Previous prev = new Previous(lambdaMax, b0, atNull.gradient(), nullSetup.reparametrization().fromOriginal(b0));
      long passes = data.passes() + 2;
      for (double lambda : seq) {
        Point fit = fitPoint(withLambda(base, lambda), stats, blocks, data, prev);
        prev = prev.next;
        double deviance = 2 * (stats.weightSum() * prev.dataValue - saturated);
        Point point = new Point(lambda, fit.nonZeros(), fit.objective(), deviance, 1 - deviance / nullDeviance,
            fit.kkt(), fit.iterations(), fit.passes(), fit.status(), fit.coefficients(), fit.intercept(),
            fit.strongSet(), fit.violations());
        points.add(point);
        passes += point.passes();
        LOG.info("path lambda={} nonZeros={} strongSet={} kktViolations={} objective={} devExplained={} "
            + "iterations={} passes={} status={}", lambda, point.nonZeros(), point.strongSet(), point.violations(),
            point.objective(), point.devianceExplained(), point.iterations(), point.passes(), point.status());
      }
      return new Result(points, lambdaMax, nullDeviance, passes);
    }
  }

  /** The previous point of the path: what the next one starts from and its strong rule needs. */
  private static final class Previous {
    final double lambda;
    final double[] b;
    final double[] gradient;
    final double[] warm;
    double dataValue;
    Previous next;

    Previous(double lambda, double[] b, double[] gradient, double[] warm) {
      this.lambda = lambda;
      this.b = b;
      this.gradient = gradient;
      this.warm = warm;
    }
  }

  /**
   * The fit at one lambda: on the features the strong rule keeps, then the KKT check over the others (from the
   * solver's last evaluation when it was at the solution, else one gradient pass), repeated with the violators
   * until there are none. Sets {@code prev.next}. The returned point's deviance is filled by the caller.
   */
  private Point fitPoint(GlmSpec spec, FeatureStats stats, JavaRDD<Block> blocks, LastEvaluation data,
      Previous prev) {
    int p = stats.numFeatures();
    FitSetup full = FitSetup.of(spec, stats);
    boolean[] out = strongRules ? StrongRules.discarded(full, spec.regParam(), prev.lambda, prev.b, prev.gradient)
        : new boolean[p];
    int strongSet = p - StrongRules.count(out);
    int violations = 0;
    int iterations = 0;
    long passes = 0;
    double[] warm = prev.warm;
    while (true) {
      FitSetup setup = full.withExcluded(out);
      DistributedSolver solver = registry.create(spec.solver(), p, setup.solverPenalty(), options);
      data.describe("path lambda=" + spec.regParam());
      // Not data.restrictHessian(setup.fixed()): at p = 100 it cost passes (143 against 100 over a 100-lambda
      // newton path, benchmarks/results/bench-path.md), a grown strong set needing the Hessian over its new columns
      // again; it is for large p, where newton's dense (p+1)^2 Hessian is not yet carried through the solver.
      double[] start = warmStarts ? warm.clone() : null;
      if (start != null) {
        for (int j = 0; j < p; j++) {
          start[j] = out[j] ? 0.0 : start[j];
        }
      }
      Solution s = solver.solve(new TrainingProblem(blocks, spec.loss(), setup, setup.solverView(data), depth,
          start), setup.solverStop(spec.stop()), IterationListener.none());
      iterations += s.iterations();
      double[] b = setup.toOriginal(s.coefficients());
      long before = data.passes();
      Evaluation at = data.gradientAt(b);
      passes += s.passes() + data.passes() - before;
      boolean[] violators = StrongRules.violators(full, out, b, at.gradient());
      int v = StrongRules.count(violators);
      if (v == 0) {
        prev.next = new Previous(spec.regParam(), b, at.gradient(), s.coefficients());
        prev.next.dataValue = at.value();
        return new Point(spec.regParam(), nonZeros(b, p), full.objective(at.value(), b), Double.NaN, Double.NaN,
            full.kktViolation(b, at.gradient()), iterations, passes, s.status(), Arrays.copyOf(b, p), b[p], strongSet,
            violations);
      }
      violations += v;
      LOG.info("path lambda={} strong rule: {} left-out features violate the KKT conditions; refitting with them",
          spec.regParam(), v);
      for (int j = 0; j < p; j++) {
        out[j] &= !violators[j];
      }
      warm = s.coefficients();
    }
  }

  private static int nonZeros(double[] b, int p) {
    int nnz = 0;
    for (int j = 0; j < p; j++) {
      nnz += b[j] != 0.0 ? 1 : 0;
    }
    return nnz;
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
