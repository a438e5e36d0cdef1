package io.sparkglm.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 (3): glmnet's penalty factors, used as given: the penalty is
 * {@code lambda * sum_j f_j (alpha |b_j| + (1-alpha)/2 b_j^2)}. Proven against the closed form of the weighted
 * ridge, by agreement of every solver on a lasso with factors (each certified by its own KKT violation), and by
 * the identities glmnet users rely on: factors of 1 are no factors, {@code c f} at {@code lambda / c} is the same
 * problem, a factor of 0 leaves a feature unpenalized (its gradient is zero at the answer) and a huge one removes it.
 */
class PenaltyFactorsTest {
  private static final int P = 4;
  private static final double[][] X = new double[500][P];
  private static final double[] Y = new double[500];

  static {
    Random rnd = new Random(11);
    for (int i = 0; i < X.length; i++) {
      double eta = 0.2;
      for (int j = 0; j < P; j++) {
        X[i][j] = rnd.nextGaussian() * (1 + j);
        eta += (j % 2 == 0 ? 0.4 : -0.3) * X[i][j] / (1 + j);
      }
      Y[i] = eta + rnd.nextGaussian();
    }
  }

  private static JavaRDD<Block> blocks(boolean binary) {
    BlockBuilder b = new BlockBuilder(P, 100, false, false);
    List<Block> out = new ArrayList<>();
    for (int i = 0; i < X.length; i++) {
      b.addDense(X[i], binary ? (Y[i] > 0.2 ? 1 : 0) : Y[i], 1.0, 0.0);
      if (b.isFull()) {
        out.add(b.build());
      }
    }
    return JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext()).parallelize(out, 3);
  }

  private static FitResult fit(Family family, double lambda, double alpha, boolean standardize, String solver,
      double[] factors) {
    return fit(family, lambda, alpha, standardize, solver, factors, 1e-11);
  }

  private static FitResult fit(Family family, double lambda, double alpha, boolean standardize, String solver,
      double[] factors, double tolerance) {
    GlmSpec spec = new GlmSpec(family, family.defaultLink(), lambda, alpha, standardize, true, solver,
        new StoppingRule(5000, tolerance, 0.0), factors);
    return new GlmTrainer().fit(spec, blocks(family.name().equals("binomial")), P, s -> s.get());
  }

  /**
   * Gaussian ridge with factors, standardize off: {@code b = (Xc'Xc/n + lambda diag(f))^-1 Xc'yc/n} on the
   * centred data (the intercept is unpenalized), the intercept {@code mean(y) - mean(x)'b}.
   */
  @Test
  void ridgeWithFactorsIsItsClosedForm() {
    double lambda = 0.3;
    double[] f = {0.0, 0.5, 2.0, 1.0};
    int n = X.length;
    double[] mx = new double[P];
    double my = 0;
    for (int i = 0; i < n; i++) {
      my += Y[i] / n;
      for (int j = 0; j < P; j++) {
        mx[j] += X[i][j] / n;
      }
    }
    RealMatrix a = new Array2DRowRealMatrix(P, P);
    double[] rhs = new double[P];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < P; j++) {
        rhs[j] += (X[i][j] - mx[j]) * (Y[i] - my) / n;
        for (int k = 0; k < P; k++) {
          a.addToEntry(j, k, (X[i][j] - mx[j]) * (X[i][k] - mx[k]) / n);
        }
      }
    }
    for (int j = 0; j < P; j++) {
      a.addToEntry(j, j, lambda * f[j]);
    }
    double[] b = new LUDecomposition(a).getSolver().solve(new ArrayRealVector(rhs)).toArray();
    double intercept = my;
    for (int j = 0; j < P; j++) {
      intercept -= mx[j] * b[j];
    }
    for (String solver : List.of("newton", "lbfgs", "proxgrad")) {
      // lbfgs's line search needs the objective's value to fall; near the optimum the fall is ~|g|^2 / (2L), below
      // the value's rounding (1e-16 of ~0.5) once |g| is under ~1e-7, so lbfgs is asked for 1e-7 (the most it can
      // certify) and checked to 1e-6, i.e. 1e-7 / lambda_min(A) with room; newton and proxgrad to 1e-11 and 1e-8.
      boolean lbfgs = solver.equals("lbfgs");
      FitResult r = fit(Family.gaussian(), lambda, 0.0, false, solver, f, lbfgs ? 1e-7 : 1e-11);
      assertEquals(Status.CONVERGED, r.status(), solver);
      assertArrayEquals(b, r.coefficients(), lbfgs ? 1e-6 : 1e-8, solver);
      assertEquals(intercept, r.intercept(), lbfgs ? 1e-6 : 1e-8, solver);
    }
  }

  @Test
  void everySolverAgreesOnALassoWithFactors() {
    double[] f = {0.0, 3.0, 0.5, 1.0};
    FitResult newton = fit(Family.binomial(), 0.02, 1.0, true, "newton", f);
    assertEquals(Status.CONVERGED, newton.status());
    FitResult plain = fit(Family.binomial(), 0.02, 1.0, true, "newton", null);
    assertTrue(Math.abs(plain.coefficients()[0] - newton.coefficients()[0]) > 1e-3, "the factors change the fit");
    for (String solver : List.of("lbfgs", "proxgrad")) {
      FitResult r = fit(Family.binomial(), 0.02, 1.0, true, solver, f);
      assertEquals(Status.CONVERGED, r.status(), solver);
      assertArrayEquals(newton.coefficients(), r.coefficients(), 1e-7, solver);
    }
  }

  @Test
  void factorsOfOneAreNoFactorsAndScalingMovesIntoLambda() {
    FitResult none = fit(Family.binomial(), 0.02, 0.5, true, "newton", null);
    FitResult ones = fit(Family.binomial(), 0.02, 0.5, true, "newton", new double[] {1, 1, 1, 1});
    // The same fit: bit for bit but for the vectorized exp/log1p's last bit, which can change when the JIT
    // compiles them.
    assertArrayEquals(none.coefficients(), ones.coefficients(), 1e-13, "factors of 1: the same fit");
    double[] f = {0.5, 2.0, 1.0, 3.0};
    FitResult a = fit(Family.binomial(), 0.02, 0.5, true, "newton", f);
    FitResult b = fit(Family.binomial(), 0.005, 0.5, true, "newton", new double[] {2.0, 8.0, 4.0, 12.0});
    assertArrayEquals(a.coefficients(), b.coefficients(), 1e-9, "4 f at lambda / 4");
    assertEquals(a.objective(), b.objective(), 1e-12);
  }

  @Test
  void aZeroFactorLeavesAFeatureUnpenalizedAndAHugeOneRemovesIt() {
    double lambda = 0.05;
    FitResult r = fit(Family.binomial(), lambda, 1.0, false, "newton", new double[] {0.0, 1e6, 1.0, 1.0});
    assertEquals(Status.CONVERGED, r.status());
    assertEquals(0.0, r.coefficients()[1], "a factor of 1e6 keeps b_2 at zero");
    // With every other feature penalized to zero, the factor-0 feature is fitted as if alone and unpenalized: the
    // same coefficient at lambda 10 and 100.
    FitResult at10 = fit(Family.binomial(), 10.0, 1.0, false, "newton", new double[] {0.0, 1.0, 1.0, 1.0});
    FitResult at100 = fit(Family.binomial(), 100.0, 1.0, false, "newton", new double[] {0.0, 1.0, 1.0, 1.0});
    assertArrayEquals(new double[] {0.0, 0.0, 0.0}, java.util.Arrays.copyOfRange(at10.coefficients(), 1, P));
    assertTrue(Math.abs(at10.coefficients()[0]) > 0.05, "the unpenalized feature stays in: " + at10.coefficients()[0]);
    assertEquals(at10.coefficients()[0], at100.coefficients()[0], 1e-10);
    assertEquals(at10.intercept(), at100.intercept(), 1e-10);
  }

  @Test
  void factorsMustBeFiniteNonNegativeAndOnePerFeature() {
    assertThrows(IllegalArgumentException.class, () -> new GlmSpec(Family.gaussian(), null, 0.1, 0.5, true, true,
        "newton", null, new double[] {1, -1, 1, 1}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fit(Family.gaussian(), 0.1, 0.5, true, "newton", new double[] {1, 1}));
    assertTrue(e.getMessage().contains("2 values for 4 features"), e.getMessage());
  }
}
