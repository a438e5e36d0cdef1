package io.sparkglm.spark.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The contract every distributed solver meets, through {@link GlmTrainer} on Spark (as the CLI and the spark.ml stage
 * run it), the counterpart of glm-core's {@code SolverContractTest} for the local solvers: the certified optimum of
 * Newton on ridge and (where supported) lasso problems, and the edge cases: no rows, all weights zero, one row, a
 * constant column, a constant label, zero-weight rows, empty partitions. A solver that does not reach the tolerance
 * must say so ({@link #reachesTolerance()} false: then only an honest status and a small objective gap are
 * required). Subclassed once per solver, in its own module.
 */
public abstract class DistributedSolverContractTest {
  private static final int P = 4;

  /** The registered solver name. */
  protected abstract String solver();

  /** Solver options for every fit. */
  protected Map<String, String> options() {
    return Map.of();
  }

  /** Whether the solver takes an L1 penalty. */
  protected boolean supportsL1() {
    return true;
  }

  /** Whether the solver reaches {@link #tolerance()} on these small problems (false for stochastic ones). */
  protected boolean reachesTolerance() {
    return true;
  }

  /** The KKT tolerance asked for. */
  protected double tolerance() {
    return 1e-9;
  }

  /** The iteration limit. */
  protected int maxIterations() {
    return 5_000;
  }

  private GlmSpec spec(Family family, double lambda, double alpha, boolean standardize, String solver) {
    return new GlmSpec(family, family.defaultLink(), lambda, alpha, standardize, true, solver,
        new StoppingRule(solver.equals("newton") ? 100 : maxIterations(), tolerance(), 0.0));
  }

  private FitResult fit(GlmSpec spec, List<Block> blocks, int partitions) {
    JavaRDD<Block> rdd = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext())
        .parallelize(blocks, partitions);
    return new GlmTrainer(2, spec.solver().equals("newton") ? Map.of() : options()).fit(spec, rdd, P,
        s -> s.get());
  }

  /** n rows of a GLM of {@code family} with P correlated features of unequal scales, fixed seed. */
  private static double[][] rows(Family family, int n, long seed) {
    Random rnd = new Random(seed);
    double[] beta = {0.8, -0.5, 0.0, 0.3};
    double[][] out = new double[n][];
    for (int i = 0; i < n; i++) {
      double shared = rnd.nextGaussian();
      double[] r = new double[P + 1];
      double eta = 0.2;
      for (int j = 0; j < P; j++) {
        r[j] = (1 + j) * (0.4 * shared + rnd.nextGaussian()) + (j == 2 ? 1.5 : 0.0);
        eta += beta[j] * r[j] / (1 + j);
      }
      r[P] = family.predictsProbability() ? (rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0)
          : eta + 0.5 * rnd.nextGaussian();
      out[i] = r;
    }
    return out;
  }

  private static List<Block> blocks(double[][] rows, double[] weights, int blockRows) {
    List<Block> out = new ArrayList<>();
    BlockBuilder b = new BlockBuilder(P, blockRows, weights != null, false);
    for (int i = 0; i < rows.length; i++) {
      b.addDense(java.util.Arrays.copyOf(rows[i], P), rows[i][P], weights == null ? 1.0 : weights[i], 0.0);
      if (b.isFull()) {
        out.add(b.build());
      }
    }
    if (b.numRows() > 0) {
      out.add(b.build());
    }
    return out;
  }

  /** Newton's certified optimum and this solver's fit: agreement, or an honest status and a small gap. */
  private void assertReachesNewtonsOptimum(FitResult fit, FitResult newton, String what) {
    assertTrue(newton.converged() && newton.kktViolation() <= 1e-8, what + ": newton " + newton.status());
    assertTrue(fit.converged() == fit.status().converged(), what);
    if (reachesTolerance()) {
      assertTrue(fit.converged(), what + ": status " + fit.status() + " after " + fit.iterations() + " iterations");
      assertTrue(fit.kktViolation() <= 1e-7, what + ": certified KKT " + fit.kktViolation());
      assertEquals(newton.objective(), fit.objective(), 1e-9 * Math.max(1, Math.abs(newton.objective())), what);
      for (int j = 0; j < P; j++) {
        assertEquals(newton.coefficients()[j], fit.coefficients()[j], 1e-5, what + ": coefficient " + j);
      }
      assertEquals(newton.intercept(), fit.intercept(), 1e-5, what + ": intercept");
    } else {
      double gap = (fit.objective() - newton.objective()) / Math.max(1e-3, Math.abs(newton.objective()));
      assertTrue(gap >= -1e-9 && gap <= 1e-2, what + ": relative gap " + gap);
      if (fit.converged()) {
        assertTrue(fit.kktViolation() <= 10 * tolerance(), what + ": CONVERGED with a certified KKT of "
            + fit.kktViolation());
      }
    }
  }

  @Test
  void reachesNewtonsCertifiedOptimumOnRidgeAndLasso() {
    List<Block> data = blocks(rows(Family.binomial(), 600, 1), null, 64);
    List<double[]> penalties = new ArrayList<>(List.of(new double[] {0.01, 0.0}));
    if (supportsL1()) {
      penalties.add(new double[] {0.02, 1.0});
      penalties.add(new double[] {0.02, 0.5});
    }
    for (double[] pen : penalties) {
      for (boolean standardize : new boolean[] {false, true}) {
        String what = "lambda " + pen[0] + " alpha " + pen[1] + " standardize " + standardize;
        FitResult newton = fit(spec(Family.binomial(), pen[0], pen[1], standardize, "newton"), data, 3);
        FitResult fit = fit(spec(Family.binomial(), pen[0], pen[1], standardize, solver()), data, 3);
        assertEquals(solver(), fit.solver());
        assertReachesNewtonsOptimum(fit, newton, what);
      }
    }
  }

  @Test
  void noRowsAndAllZeroWeightsAreClearErrors() {
    GlmSpec spec = spec(Family.gaussian(), 0.01, 0.0, true, solver());
    IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> fit(spec, List.of(), 2));
    assertTrue(none.getMessage().contains("no training rows"), none.getMessage());
    double[][] rows = rows(Family.gaussian(), 20, 2);
    assertThrows(IllegalArgumentException.class, () -> fit(spec, blocks(rows, new double[20], 8), 2));
  }

  @Test
  void oneRowRidgeFitsTheRowWithTheIntercept() {
    double[][] one = rows(Family.gaussian(), 1, 3);
    FitResult newton = fit(spec(Family.gaussian(), 0.1, 0.0, false, "newton"), blocks(one, null, 4), 1);
    FitResult fit = fit(spec(Family.gaussian(), 0.1, 0.0, false, solver()), blocks(one, null, 4), 1);
    assertEquals(one[0][P], newton.intercept(), 1e-8);
    assertReachesNewtonsOptimum(fit, newton, "one row");
  }

  @Test
  void aConstantColumnGetsAZeroCoefficientUnderStandardization() {
    double[][] rows = rows(Family.gaussian(), 200, 4);
    for (double[] r : rows) {
      r[1] = 5.0;
    }
    FitResult newton = fit(spec(Family.gaussian(), 0.05, 0.0, true, "newton"), blocks(rows, null, 50), 2);
    FitResult fit = fit(spec(Family.gaussian(), 0.05, 0.0, true, solver()), blocks(rows, null, 50), 2);
    assertEquals(0.0, fit.coefficients()[1], 0.0, "the constant column");
    assertReachesNewtonsOptimum(fit, newton, "constant column");
  }

  @Test
  void aConstantLabelGivesTheInterceptOnly() {
    double[][] rows = rows(Family.gaussian(), 200, 5);
    for (double[] r : rows) {
      r[P] = 2.5;
    }
    FitResult fit = fit(spec(Family.gaussian(), 0.01, 0.0, true, solver()), blocks(rows, null, 50), 2);
    assertEquals(2.5, fit.intercept(), reachesTolerance() ? 1e-7 : 1e-2);
    for (int j = 0; j < P; j++) {
      assertEquals(0.0, fit.coefficients()[j], reachesTolerance() ? 1e-7 : 1e-2, "coefficient " + j);
    }
  }

  @Test
  void zeroWeightRowsAndEmptyPartitionsChangeNothing() {
    double[][] rows = rows(Family.binomial(), 400, 6);
    GlmSpec spec = spec(Family.binomial(), 0.01, 0.0, true, solver());
    FitResult plain = fit(spec, blocks(rows, null, 64), 3);
    // The same rows and 100 more with weight 0 (their labels would move the fit if they counted).
    double[][] padded = java.util.Arrays.copyOf(rows, 500);
    double[] weights = new double[500];
    java.util.Arrays.fill(weights, 0, 400, 1.0);
    for (int i = 400; i < 500; i++) {
      padded[i] = rows[i - 400].clone();
      padded[i][P] = 1 - rows[i - 400][P];
    }
    FitResult withZeros = fit(spec, blocks(padded, weights, 64), 3);
    // 7 blocks over 12 partitions: 5 partitions are empty.
    FitResult sparse = fit(spec, blocks(rows, null, 64), 12);
    double tol = reachesTolerance() ? 1e-6 : 2e-2;
    for (int j = 0; j < P; j++) {
      assertEquals(plain.coefficients()[j], withZeros.coefficients()[j], tol, "zero weights: coefficient " + j);
      assertEquals(plain.coefficients()[j], sparse.coefficients()[j], tol, "empty partitions: coefficient " + j);
    }
    assertEquals(plain.intercept(), withZeros.intercept(), tol);
    assertEquals(plain.intercept(), sparse.intercept(), tol);
  }
}
