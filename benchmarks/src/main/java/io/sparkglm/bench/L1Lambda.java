package io.sparkglm.bench;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.fit.FeatureStats;
import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.IterationListener;
import io.sparkglm.core.solver.LocalDataTerm;
import io.sparkglm.core.solver.NewtonSolver;
import io.sparkglm.core.solver.Solution;
import io.sparkglm.core.solver.StoppingRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The L1 problem's lambda: {@code lambda = factor * lambda_max}, where {@code lambda_max = max_j |dD/db_j|}
 * at the intercept-only fit (at {@code b = 0} without intercept) is the smallest lambda whose lasso solution
 * is all zeros, and {@code factor} leaves about half of the coefficients non-zero.
 *
 * <p>{@code factor} is found on a local sample (the first {@value #SAMPLE_ROWS} rows of partition 0, no Spark)
 * by bisection on {@code log(factor)} in [1e-3, 1] with sparkglm's Newton solver ({@value #STEPS} lasso fits
 * at a loose tolerance), and transferred to the full data as a fraction of its own {@code lambda_max}. For
 * sparse data (p too large for Newton) it is fixed at {@value #SPARSE_FACTOR}. The non-zeros actually left
 * on the full data are reported with the results.
 */
public final class L1Lambda {
  /** Rows of the local sample. */
  public static final int SAMPLE_ROWS = 20_000;
  /** Bisection steps. */
  public static final int STEPS = 8;
  /** The fixed factor for sparse data. */
  public static final double SPARSE_FACTOR = 0.1;

  private L1Lambda() {
  }

  /** {@code lambda_max} of {@code data} under the problem's spec (its lambda and alpha are ignored). */
  public static double lambdaMax(DataTerm data, FitSetup setup, int numFeatures) {
    double[] start = setup.toOriginal(setup.startInSolverSpace());
    double[] g = data.evaluate(start, Order.GRADIENT).gradient();
    double max = 0.0;
    for (int j = 0; j < numFeatures; j++) {
      max = Math.max(max, Math.abs(g[j]));
    }
    return max;
  }

  /** The factor for {@code data} (see the class comment). */
  public static double factor(SyntheticData data, int parts) {
    if (data.sparse() || data.numFeatures() > NewtonSolver.DEFAULT_MAX_FEATURES) {
      return SPARSE_FACTOR;
    }
    int p = data.numFeatures();
    List<Block> blocks = new ArrayList<>();
    SyntheticData.RowStream s = data.stream(0, parts);
    BlockBuilder b = new BlockBuilder(p, BlockBuilder.DEFAULT_BLOCK_ROWS, false, false);
    FeatureStats stats = new FeatureStats(p);
    for (int i = 0; i < SAMPLE_ROWS && s.hasNext(); i++) {
      s.next();
      b.addDense(s.x, s.y, 1.0, 0.0);
      if (b.isFull() || i == SAMPLE_ROWS - 1 || !s.hasNext()) {
        Block block = b.build();
        stats.add(block);
        blocks.add(block);
      }
    }
    if (b.numRows() > 0) {
      Block block = b.build();
      stats.add(block);
      blocks.add(block);
    }
    GlmSpec base = spec(data, 0.0);
    LocalDataTerm local = new LocalDataTerm(blocks, base.loss(), p);
    double lmax = lambdaMax(local, FitSetup.of(base, stats), p);
    double lo = Math.log(1e-3);
    double hi = 0.0;
    for (int step = 0; step < STEPS; step++) {
      double mid = 0.5 * (lo + hi);
      int nnz = nonZeros(local, FitSetup.of(spec(data, Math.exp(mid) * lmax), stats), p);
      if (nnz > p / 2) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.exp(0.5 * (lo + hi));
  }

  private static GlmSpec spec(SyntheticData d, double lambda) {
    return new GlmSpec(d.family(), d.family().defaultLink(), lambda, 1.0, false, d.fitIntercept(), "newton",
        new StoppingRule(50, 1e-6, 1e-12));
  }

  private static int nonZeros(LocalDataTerm data, FitSetup setup, int p) {
    Solution sol = new NewtonSolver().solve(setup.solverView(data), setup.solverPenalty(),
        setup.startInSolverSpace(), setup.spec().stop(), IterationListener.none());
    double[] b = setup.toOriginal(sol.coefficients());
    int nnz = 0;
    for (int j = 0; j < p; j++) {
      nnz += b[j] != 0.0 ? 1 : 0;
    }
    return nnz;
  }
}
