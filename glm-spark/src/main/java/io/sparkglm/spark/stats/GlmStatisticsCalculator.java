package io.sparkglm.spark.stats;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.StandardNormal;
import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.LocalDataTerm;
import io.sparkglm.spark.eval.ClosableBroadcast;
import io.sparkglm.spark.eval.OrderedTreeAggregate;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * Computes {@link GlmStatistics} for a fitted model with one pass at the solution (deviance, Pearson, Fisher
 * information, likelihood sums, and the null deviance when there are no offsets, the null model's mean being the
 * constant {@code g^-1(g(mean y))}; optionally the data term's value and gradient too). With offsets the null
 * model needs a 1-D Newton on the intercept (a pass per step) and a pass for its deviance. Conventions follow R's {@code glm}/{@code summary.glm}: expected information for the
 * covariance, Pearson dispersion, t tests where the dispersion is estimated, R's AIC per family.
 */
public final class GlmStatisticsCalculator {
  private GlmStatisticsCalculator() {
  }

  /**
   * @param coef the solution, length p+1, intercept last (original scale)
   * @param names feature names, length p
   * @param hasOffsets whether the rows carry offsets
   */
  public static GlmStatistics compute(JavaRDD<Block> blocks, FitSetup setup, double[] coef, List<String> names,
      boolean hasOffsets, int depth) {
    return compute(blocks, setup, coef, names, hasOffsets, depth, false).statistics();
  }

  /**
   * The statistics and the data term at the solution.
   *
   * @param statistics the statistics of {@link #compute}
   * @param dataTerm the data term's value and gradient at the solution ({@link Order#GRADIENT}, normalized by
   *     the weight sum of the setup's statistics, as {@link io.sparkglm.spark.eval.SparkDataTerm} does)
   */
  public record AtSolution(GlmStatistics statistics, Evaluation dataTerm) {
  }

  /**
   * {@link #compute}, with the data term's value and gradient at {@code coef} taken from the same pass (the
   * trainer's certificate), so a fit with statistics makes no separate certificate pass.
   */
  public static AtSolution computeWithDataTerm(JavaRDD<Block> blocks, FitSetup setup, double[] coef,
      List<String> names, boolean hasOffsets, int depth) {
    return compute(blocks, setup, coef, names, hasOffsets, depth, true);
  }

  private static AtSolution compute(JavaRDD<Block> blocks, FitSetup setup, double[] coef, List<String> names,
      boolean hasOffsets, int depth, boolean withDataTerm) {
    GlmSpec spec = setup.spec();
    GlmLoss loss = spec.loss();
    int p = setup.stats().numFeatures();
    boolean penalized = spec.regParam() > 0;
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    jsc.setJobDescription("sparkglm: goodness-of-fit statistics at the solution");
    double[] nullCoef = hasOffsets ? null : nullModel(blocks, setup, false, depth);
    double nullMean = hasOffsets ? Double.NaN : loss.mean(nullCoef[p]);
    GlmStatsAccumulator at = pass(blocks, loss, p, coef, !penalized, withDataTerm, nullMean, depth);
    double nullDeviance = at.nullDeviance;
    if (hasOffsets) {
      double[] nullWithOffsets = nullModel(blocks, setup, true, depth);
      jsc.setJobDescription("sparkglm: null deviance (intercept-only model)");
      nullDeviance = pass(blocks, loss, p, nullWithOffsets, false, false, Double.NaN, depth).deviance;
    }
    jsc.setJobDescription(null);
    // Coefficients held at a bound are, like fixed ones, not estimated freely: no standard error, not in the rank.
    boolean[] fixed = setup.fixed();
    boolean[] atBound = setup.atBound(coef);
    for (int j = 0; j < p; j++) {
      fixed[j] |= atBound[j];
    }
    int rank = 0;
    for (int j = 0; j <= p; j++) {
      if (!fixed[j] && (!penalized || j == p || coef[j] != 0.0)) {
        rank++;
      }
    }
    double df = at.rows - rank;
    boolean estimated = spec.family().estimatesDispersion();
    double dispersion = estimated ? at.pearson / df : 1.0;
    double aic = spec.family().aic(at.aicSums, at.deviance, at.rows, at.weightSum, at.sumLogWeight, rank);
    List<GlmStatistics.Coefficient> table = table(at, coef, names, fixed, setup.aliased(), penalized, dispersion,
        estimated, df);
    GlmStatistics.Theta theta = spec.family().takesTheta() ? new GlmStatistics.Theta(spec.family().theta(),
        Double.NaN, 2 * at.aicSums[0], false, 0) : null;
    GlmStatistics statistics = new GlmStatistics(at.deviance, nullDeviance, df, dispersion, aic,
        estimated ? "t value" : "z value", table, at.boundaryRows, theta);
    Evaluation dataTerm = !withDataTerm ? null : at.dataTerm != null
        ? LocalDataTerm.normalize(at.dataTerm, setup.stats().weightSum())
        : new Evaluation(0.0, new double[p + 1], null, Order.GRADIENT);
    return new AtSolution(statistics, dataTerm);
  }

  /** The deviance {@code sum_i w_i d(y_i, mu_i)} at {@code coef} (one pass). */
  public static double deviance(JavaRDD<Block> blocks, GlmLoss loss, int p, double[] coef, int depth) {
    return pass(blocks, loss, p, coef, false, false, Double.NaN, depth).deviance;
  }

  private static GlmStatsAccumulator pass(JavaRDD<Block> blocks, GlmLoss loss, int p, double[] coef,
      boolean information, boolean withDataTerm, double nullMean, int depth) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(blocks.context());
    try (ClosableBroadcast<double[]> bc = ClosableBroadcast.of(jsc, coef.clone())) {
      Broadcast<double[]> b = bc.get();
      return OrderedTreeAggregate.aggregate(blocks, new GlmStatsAccumulator(loss, p, information, withDataTerm, nullMean),
          (acc, block) -> acc.add(block, b.value()), GlmStatsAccumulator::merge, depth);
    }
  }

  /**
   * The intercept-only model's coefficients (length p+1, features 0): {@code g(weighted mean y)} without
   * offsets, else Newton steps on the intercept (one pass each); all zero without an intercept.
   */
  public static double[] nullModel(JavaRDD<Block> blocks, FitSetup setup, boolean hasOffsets, int depth) {
    GlmSpec spec = setup.spec();
    int p = setup.stats().numFeatures();
    double[] c = new double[p + 1];
    if (!spec.fitIntercept()) {
      return c;
    }
    GlmLoss loss = spec.loss();
    c[p] = loss.linkOf(setup.stats().labelMean());
    if (!hasOffsets) {
      return c;
    }
    c[p] -= setup.stats().offsetMean();
    for (int iter = 0; iter < 50; iter++) {
      GlmStatsAccumulator s = pass(blocks, loss, p, c, false, false, Double.NaN, depth);
      double step = s.interceptGradient / s.interceptCurvature;
      c[p] -= step;
      if (Math.abs(step) <= 1e-12 * Math.max(1, Math.abs(c[p]))) {
        break;
      }
    }
    return c;
  }

  private static List<GlmStatistics.Coefficient> table(GlmStatsAccumulator at, double[] coef, List<String> names,
      boolean[] fixed, boolean[] aliased, boolean penalized, double dispersion, boolean tTest, double df) {
    int p = coef.length - 1;
    double[] se = new double[p + 1];
    java.util.Arrays.fill(se, Double.NaN);
    if (!penalized) {
      int[] free = java.util.stream.IntStream.rangeClosed(0, p).filter(j -> !fixed[j]).toArray();
      double[] info = at.fullInformation();
      RealMatrix m = MatrixUtils.createRealMatrix(free.length, free.length);
      for (int a = 0; a < free.length; a++) {
        for (int b = 0; b < free.length; b++) {
          m.setEntry(a, b, info[free[a] * (p + 1) + free[b]]);
        }
      }
      try {
        RealMatrix inv = new CholeskyDecomposition(m, 1e-14, 1e-300).getSolver().getInverse();
        for (int a = 0; a < free.length; a++) {
          se[free[a]] = Math.sqrt(dispersion * inv.getEntry(a, a));
        }
      } catch (org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException
          | org.apache.commons.math3.linear.NonSymmetricMatrixException e) {
        // The information is singular at the solution (fitted weights numerically 0, as under separation, or
        // collinearity the rank pass did not look for): no standard errors; the trainer warns.
      }
    }
    TDistribution t = tTest && df > 0 ? new TDistribution(null, df) : null;
    List<GlmStatistics.Coefficient> rows = new ArrayList<>();
    for (int k = 0; k <= p; k++) {
      int j = k == 0 ? p : k - 1;
      String name = k == 0 ? "(Intercept)" : names.get(j);
      double stat = coef[j] / se[j];
      double pValue = Double.isNaN(stat) ? Double.NaN
          : t != null ? 2 * t.cumulativeProbability(-Math.abs(stat)) : 2 * StandardNormal.cdf(-Math.abs(stat));
      rows.add(j < p && aliased[j] ? new GlmStatistics.Coefficient(name, Double.NaN, Double.NaN, Double.NaN,
          Double.NaN) : new GlmStatistics.Coefficient(name, coef[j], se[j], stat, pValue));
    }
    return rows;
  }
}
