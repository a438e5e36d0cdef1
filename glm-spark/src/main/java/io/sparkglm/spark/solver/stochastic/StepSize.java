package io.sparkglm.spark.solver.stochastic;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.family.Link;
import io.sparkglm.core.kernel.GlmAccumulator;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.Reparametrization;
import io.sparkglm.spark.solver.TrainingProblem;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The curvature behind the default learning rate, from one cheap Spark job over a Bernoulli sample of about
 * {@code lipschitzRows} rows (seeded like every other draw). In the solver's standardized variables let
 * {@code C = mean_i w_i z_i z_i'} ({@code z_i} the standardized row with a 1 for the intercept) and
 * {@code kappa} a bound on the loss curvature {@code l''}: 1 for gaussian/identity, 1/4 for binomial/logit,
 * otherwise twice the sample's mean curvature at the start (for poisson/log with an intercept-only start that
 * is twice the mean of y; a divergence safeguard in the solvers halves the rate if this proves too large).
 * With {@code M = kappa C},
 * <pre>
 *   L(B) = lambda_max(M) + trace(M) / B + max_j l2_j
 * </pre>
 * bounds the smoothness of a B-row mini-batch objective in expectation (Ma, Bassily and Belkin 2018, "The
 * power of interpolation", ICML: the critical step size of mini-batch SGD is about
 * {@code B / (beta + (B - 1) lambda_1)}); the default learning rate is {@code 1/L(B0)} at the first batch size, so
 * it stays stable as batches grow. {@code lambda_max} comes from power iteration on the driver; above
 * {@value #MAX_GRAM_FEATURES} features the Gram matrix is not formed and {@code lambda_max <= trace(M)} is used.
 *
 * @param lambdaMax {@code lambda_max(M)}
 * @param trace {@code trace(M)} (about {@code kappa (p + 1)} in standardized variables)
 * @param kappa the curvature bound used
 * @param maxL2 the largest L2 weight of the penalty
 * @param sampledRows rows in the sample
 */
public record StepSize(double lambdaMax, double trace, double kappa, double maxL2, long sampledRows) {
  /** Above this many features the sample's Gram matrix is not formed. */
  public static final int MAX_GRAM_FEATURES = 1000;

  /** {@code L(B)}; {@code B = Infinity} gives the full-batch constant. */
  public double lipschitz(double batchRows) {
    return lambdaMax + trace / batchRows + maxL2;
  }

  /** {@code 1 / L(B)}. */
  public double rate(double batchRows) {
    return 1.0 / lipschitz(batchRows);
  }

  /** Sums over one partition's sample. */
  record Sums(double[] gram, double curvature, double weight, long rows) implements Serializable {
    Sums merge(Sums o) {
      double[] g = gram;
      if (g != null && o.gram != null) {
        g = gram.clone();
        for (int j = 0; j < g.length; j++) {
          g[j] += o.gram[j];
        }
      }
      return new Sums(g, curvature + o.curvature, weight + o.weight, rows + o.rows);
    }
  }

  /** Estimates the curvature of {@code problem}'s data term on a sample (one Spark job). */
  public static StepSize estimate(TrainingProblem problem, int sampleRows, long seed) {
    long n = problem.setup().stats().rows();
    double q = Math.min(1.0, sampleRows / (double) Math.max(1, n));
    int p = problem.numFeatures();
    boolean gram = p <= MAX_GRAM_FEATURES;
    GlmLoss loss = problem.loss();
    Reparametrization map = problem.setup().reparametrization();
    double[] b0 = problem.setup().toOriginal(problem.start());
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(problem.blocks().context());
    jsc.setJobDescription("sparkglm stochastic: curvature sample for the learning rate (" + sampleRows + " rows)");
    Sums s;
    try {
      s = problem.blocks().mapPartitionsWithIndex((Integer part, Iterator<Block> it) -> {
        SplittableRandom rnd = RowSampler.random(seed, -1L, part);
        GlmAccumulator acc = gram ? new GlmAccumulator(GlmLoss.of(Family.gaussian(), Link.IDENTITY), p,
            Order.HESSIAN) : null;
        int[] sel = null;
        int[] count = new int[1];
        double curv = 0.0;
        double weight = 0.0;
        long rows = 0;
        double[] eta = new double[0];
        while (it.hasNext()) {
          Block b = it.next();
          sel = RowSampler.bernoulli(rnd, b.numRows(), q, sel, count);
          int m = count[0];
          if (m == 0) {
            continue;
          }
          if (eta.length < m) {
            eta = new double[m];
          }
          b.linearPredictorRowsInto(b0, sel, m, eta);
          for (int k = 0; k < m; k++) {
            double w = b.weight(sel[k]);
            curv += w * loss.curvature(b.labels()[sel[k]], eta[k]);
            weight += w;
          }
          rows += m;
          if (acc != null) {
            acc.addRows(b, b0, sel, m);
          }
        }
        List<Sums> out = new ArrayList<>();
        out.add(new Sums(acc == null ? null : acc.hessian(), curv, weight, rows));
        return out.iterator();
      }, true).collect().stream().reduce(Sums::merge).orElseThrow(); // in partition order: reproducible
    } finally {
      jsc.setJobDescription(null);
    }
    return fromSums(s, problem, map);
  }

  private static StepSize fromSums(Sums s, TrainingProblem problem, Reparametrization map) {
    Penalty penalty = problem.penalty();
    int d = penalty.dimension();
    double maxL2 = 0.0;
    int free = 0;
    for (int j = 0; j < d; j++) {
      if (!penalty.isFixed(j)) {
        maxL2 = Math.max(maxL2, penalty.l2(j));
        free++;
      }
    }
    double kappa = curvatureBound(problem.loss(), s);
    if (s.weight() <= 0 || s.gram() == null) {
      double trace = kappa * free;
      return new StepSize(trace, trace, kappa, maxL2, s.rows());
    }
    double[] m = map.hessianToScaled(s.gram());
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        m[a * d + b] = penalty.isFixed(a) || penalty.isFixed(b) ? 0.0 : kappa * m[a * d + b] / s.weight();
      }
    }
    double trace = 0.0;
    for (int a = 0; a < d; a++) {
      trace += m[a * d + a];
    }
    return new StepSize(largestEigenvalue(m, d), trace, kappa, maxL2, s.rows());
  }

  /** 1 for gaussian/identity, 1/4 for binomial/logit, else twice the sampled mean curvature at the start. */
  static double curvatureBound(GlmLoss loss, Sums s) {
    double bound = loss.curvatureBound();
    if (!Double.isNaN(bound)) {
      return bound;
    }
    double k = 2.0 * s.curvature() / s.weight();
    return Double.isFinite(k) && k > 0 ? k : 1.0;
  }

  /** The largest eigenvalue of the symmetric PSD row-major {@code d x d} matrix, by power iteration. */
  static double largestEigenvalue(double[] m, int d) {
    double[] v = new double[d];
    for (int j = 0; j < d; j++) {
      v[j] = 1.0 + 0.01 * j;
    }
    double lambda = 0.0;
    for (int it = 0; it < 200; it++) {
      double norm = 0.0;
      for (double x : v) {
        norm += x * x;
      }
      norm = Math.sqrt(norm);
      if (!(norm > 0)) {
        return 0.0;
      }
      double[] w = new double[d];
      for (int a = 0; a < d; a++) {
        double s = 0.0;
        for (int b = 0; b < d; b++) {
          s += m[a * d + b] * v[b] / norm;
        }
        w[a] = s;
      }
      double next = 0.0;
      for (int a = 0; a < d; a++) {
        next += w[a] * v[a] / norm;
      }
      v = w;
      if (Math.abs(next - lambda) <= 1e-9 * Math.abs(next)) {
        return next;
      }
      lambda = next;
    }
    return lambda;
  }
}
