package io.sparkglm.admm;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.family.GlmLoss;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.penalty.Penalty;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.Evaluation;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.LocalDataTerm;
import io.sparkglm.core.solver.NewtonSolver;
import io.sparkglm.core.solver.ProximalDataTerm;
import io.sparkglm.core.solver.Reparametrization;
import io.sparkglm.core.solver.ScaledDataTerm;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.Solver;
import io.sparkglm.spark.solver.LbfgsSolver;
import io.sparkglm.core.solver.StoppingRule;
import java.io.Serializable;
import java.util.List;

/**
 * One partition's share of the data term, {@code f_i(c) = (1/W) sum_{rows of i} w l(y, eta)} in the solver's
 * variables, and its ADMM local update {@code argmin f_i(c) + rho/2 |c - v|^2}.
 *
 * <p>The gaussian family with the identity link is exactly quadratic: its Hessian is factored once per fit
 * ({@link QuadraticModel}) and every update is a product with the eigenvectors. Other families take damped
 * Newton steps warm-started from the partition's previous solution (usually 1-3 steps, each one local pass
 * over the partition's cached blocks, no network), or L-BFGS steps when p exceeds Newton's limit
 * ({@value io.sparkglm.core.solver.NewtonSolver#DEFAULT_MAX_FEATURES} features; the gaussian factorization
 * has the same limit). Built on the executor from the cached blocks and kept in a persisted RDD; rebuilt from
 * lineage if lost.
 */
public final class PartitionProblem implements Serializable {
  private static final long serialVersionUID = 1L;

  private final List<Block> blocks;
  private final GlmLoss loss;
  private final int numFeatures;
  private final double weightSum;
  private final Reparametrization map;
  private final boolean[] fixed;
  private final QuadraticModel quadratic;
  private final double[] quadraticHessian;
  private final double[] quadraticGradient;
  private final int rows;
  /** The factor of {@code H + rho M} for the last (rho, metric) of a gaussian partition (recomputed if lost). */
  private transient double[] metricFactor;
  private transient double metricFactorRho = Double.NaN;
  private transient Metric metricFactorOf;

  /**
   * @param blocks the partition's rows
   * @param weightSum the weight sum of the WHOLE data set (so the partitions' terms add up to the data term)
   * @param map the solver's change of variables
   * @param fixed coordinates held at zero
   */
  public PartitionProblem(List<Block> blocks, GlmLoss loss, int numFeatures, double weightSum, Reparametrization map,
      boolean[] fixed) {
    this.blocks = List.copyOf(blocks);
    this.loss = loss;
    this.numFeatures = numFeatures;
    this.weightSum = weightSum;
    this.map = map;
    this.fixed = fixed.clone();
    int n = 0;
    for (Block b : blocks) {
      n += b.numRows();
    }
    this.rows = n;
    boolean exactQuadratic = loss.isQuadratic();
    if (exactQuadratic && n > 0 && numFeatures <= NewtonSolver.DEFAULT_MAX_FEATURES) {
      Evaluation atZero = dataTerm().evaluate(new double[numFeatures + 1], Order.HESSIAN);
      this.quadratic = new QuadraticModel(atZero.hessian(), atZero.gradient());
      this.quadraticHessian = atZero.hessian();
      this.quadraticGradient = atZero.gradient();
    } else {
      this.quadratic = null;
      this.quadraticHessian = null;
      this.quadraticGradient = null;
    }
  }

  /** Whether this partition holds no rows (it then takes no part in the consensus). */
  public boolean isEmpty() {
    return rows == 0;
  }

  private DataTerm dataTerm() {
    return new ScaledDataTerm(new LocalDataTerm(blocks, loss, numFeatures, weightSum), map, fixed);
  }

  /**
   * The local update {@code argmin_c f_i(c) + rho/2 |c - v|^2}, warm-started at {@code start}.
   *
   * @return the minimizer and the number of local passes it took
   */
  public LocalUpdate update(double[] v, double rho, double[] start, double localTol, int localMaxIter) {
    return update(v, rho, Metric.identity(v.length), start, localTol, localMaxIter);
  }

  /** {@code f_i} and its Hessian at {@code c} (one local pass), for the metric. */
  public Evaluation evaluateHessian(double[] c) {
    return dataTerm().evaluate(c, Order.HESSIAN);
  }

  /**
   * The local update in a metric: {@code argmin_c f_i(c) + (rho/2) (c - v)' M (c - v)}, warm-started at
   * {@code start} (gaussian: one Cholesky solve of {@code (H + rho M) c = rho M v - g0}, the factor kept for the
   * next update with the same rho).
   *
   * @return the minimizer and the number of local passes it took
   */
  public LocalUpdate update(double[] v, double rho, Metric metric, double[] start, double localTol,
      int localMaxIter) {
    if (quadratic != null && !metric.isIdentity()) {
      return new LocalUpdate(quadraticInMetric(v, rho, metric), 0);
    }
    if (quadratic != null) {
      double[] c = quadratic.proximalMinimizer(v, rho);
      for (int j = 0; j < c.length; j++) {
        if (fixed[j]) {
          c[j] = 0.0;
        }
      }
      return new LocalUpdate(c, 0);
    }
    DataTerm local = metric.isIdentity() ? new ProximalDataTerm(dataTerm(), rho, v)
        : new MetricProximalTerm(dataTerm(), rho, v, metric);
    Solver solver = numFeatures <= NewtonSolver.DEFAULT_MAX_FEATURES ? new NewtonSolver() : new LbfgsSolver();
    Solution s = solver.solve(local, Penalty.none(numFeatures), start,
        new StoppingRule(numFeatures <= NewtonSolver.DEFAULT_MAX_FEATURES ? localMaxIter : 10 * localMaxIter,
            localTol, 0.0), IterationListener.none());
    return new LocalUpdate(s.coefficients(), s.passes());
  }

  private synchronized double[] quadraticInMetric(double[] v, double rho, Metric metric) {
    int d = v.length;
    if (metricFactor == null || rho != metricFactorRho || metric != metricFactorOf) {
      double[] a = quadraticHessian.clone();
      metric.addScaledInto(rho, a);
      metricFactor = Metric.cholesky(a, d);
      if (metricFactor == null) {
        throw new IllegalStateException("H + rho M of a gaussian partition is not positive definite (rho=" + rho
            + ")");
      }
      metricFactorRho = rho;
      metricFactorOf = metric;
    }
    double[] mv = metric.apply(v);
    for (int j = 0; j < d; j++) {
      mv[j] = rho * mv[j] - quadraticGradient[j];
    }
    double[] c = Metric.backward(metricFactor, Metric.forward(metricFactor, mv, d), d);
    for (int j = 0; j < d; j++) {
      if (fixed[j]) {
        c[j] = 0.0;
      }
    }
    return c;
  }

  /** {@code f_i} and its gradient at {@code c} (one local pass). */
  public Evaluation evaluate(double[] c) {
    return dataTerm().evaluate(c, Order.GRADIENT);
  }

  /** The result of a local update. */
  public record LocalUpdate(double[] coefficients, long localPasses) implements Serializable {
  }
}
