package io.sparkglm.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.DataFormat;
import io.sparkglm.spark.data.DataSpec;
import io.sparkglm.spark.data.LoadedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 15 (3): coefficient bounds on {@code gauss_tiny} (orthogonal, centred columns with {@code X'X/n = I}), where
 * the bounded elastic net separates by coordinate and its answer is the clipped soft-threshold
 * {@code b_j = clip(S(z_j, lambda alpha) / (1 + lambda (1 - alpha)), l_j, u_j)}, {@code z = X'y/n = (3/2, -3/4, 1/4)},
 * {@code b0 = mean(y) = 2}, whatever the standardization (every {@code s_j} is 1). Also: infinite bounds are no
 * bounds, solvers without bounds refuse naming those with, {@code auto} picks one with, and a bad box is refused.
 */
class BoundsTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  private static final double[] Z = {1.5, -0.75, 0.25};
  private static LoadedData tiny;

  @BeforeAll
  static void load() throws Exception {
    String path = Path.of(BoundsTest.class.getResource("/reference/data/gauss_tiny.csv").toURI()).toString();
    tiny = BlockLoader.load(SparkTestSession.get(), new DataSpec(path, DataFormat.CSV, "label",
        DataSpec.DEFAULT_FEATURES_COL, null, null, 3, 2, io.sparkglm.core.data.BlockBuilder.DEFAULT_BLOCK_ROWS),
        Family.gaussian());
  }

  @AfterAll
  static void release() {
    tiny.blocks().unpersist(false);
  }

  static FitResult fit(double lambda, double alpha, boolean standardize, String solver, double[] lower,
      double[] upper) {
    GlmSpec spec = new GlmSpec(Family.gaussian(), null, lambda, alpha, standardize, true, solver,
        new StoppingRule(10000, 1e-12, 0.0), null, lower, upper);
    return new GlmTrainer(2, Map.of()).fit(spec, tiny.blocks(), 3, s -> s.get());
  }

  @ParameterizedTest(name = "lambda={0} alpha={1} standardize={2} {3}")
  @CsvSource({"0.5, 0.5, false, newton", "0.5, 0.5, true, newton", "0.5, 0.5, true, proxgrad",
      "0.5, 1.0, false, proxgrad", "0.0, 0.0, false, newton", "0.0, 0.0, true, proxgrad", "0.3, 0.0, true, newton",
      "0.5, 0.5, false, auto"})
  void theBoundedElasticNetIsTheClippedSoftThreshold(double lambda, double alpha, boolean standardize,
      String solver) {
    // x3's box [0.1, inf) excludes 0: the lasso would zero it at lambda alpha >= 1/4.
    double[] lower = {Double.NEGATIVE_INFINITY, -0.3, 0.1};
    double[] upper = {0.8, INF, INF};
    FitResult r = fit(lambda, alpha, standardize, solver, lower, upper);
    double[] expected = new double[3];
    for (int j = 0; j < 3; j++) {
      double shrunk = io.sparkglm.core.penalty.Penalty.softThreshold(Z[j], lambda * alpha) / (1 + lambda * (1 - alpha));
      expected[j] = Math.min(Math.max(shrunk, lower[j]), upper[j]);
    }
    assertEquals(Status.CONVERGED, r.status());
    assertTrue(r.kktViolation() <= 1e-12, "certified: " + r.kktViolation());
    assertArrayEquals(expected, r.coefficients(), 1e-12);
    assertEquals(0.8, r.coefficients()[0], 0.0, "exactly at the bound");
    assertEquals(2.0, r.intercept(), 1e-12);
    assertEquals(solver.equals("auto") ? "newton" : solver, r.solver());
  }

  /** The path with a box containing 0: at every lambda the clipped soft-threshold (glmnet's path with limits). */
  @Test
  void thePathFollowsTheClippedSoftThreshold() {
    double[] lower = {Double.NEGATIVE_INFINITY, -0.3, 0.0};
    double[] upper = {0.8, INF, INF};
    GlmSpec spec = new GlmSpec(Family.gaussian(), null, 0.0, 0.5, true, true, "newton",
        new StoppingRule(100, 1e-12, 0.0), null, lower, upper);
    double[] lambdas = {2.0, 1.0, 0.5, 0.1, 0.01};
    RegularizationPath.Result r = new RegularizationPath(2, Map.of(), true).fit(spec, tiny.blocks(), 3, false,
        lambdas, lambdas.length, s -> s.get());
    for (int k = 0; k < lambdas.length; k++) {
      RegularizationPath.Point point = r.points().get(k);
      for (int j = 0; j < 3; j++) {
        double shrunk = io.sparkglm.core.penalty.Penalty.softThreshold(Z[j], lambdas[k] * 0.5)
            / (1 + lambdas[k] * 0.5);
        assertEquals(Math.min(Math.max(shrunk, lower[j]), upper[j]), point.coefficients()[j], 1e-12,
            "lambda " + lambdas[k] + " coefficient " + j);
      }
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RegularizationPath(2,
        Map.of(), true).fit(spec.withBounds(new double[] {0.1, 0.0, 0.0}, null), tiny.blocks(), 3, false, lambdas,
        lambdas.length, s -> s.get()));
    assertTrue(e.getMessage().contains("path: coefficient bounds must allow 0"), e.getMessage());
  }

  @Test
  void infiniteBoundsAreNoBounds() {
    FitResult none = fit(0.5, 0.5, true, "newton", null, null);
    FitResult open = fit(0.5, 0.5, true, "newton", new double[] {Double.NEGATIVE_INFINITY,
        Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, new double[] {INF, INF, INF});
    assertArrayEquals(none.coefficients(), open.coefficients(), 0.0);
    assertTrue(open.warnings().isEmpty(), open.warnings().toString());
  }

  @Test
  void solversWithoutBoundsRefuseNamingThoseWith() {
    for (String solver : List.of("lbfgs", "gd", "sgd", "local-sgd")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> fit(0.1, 0.0, true, solver, new double[] {0.0, 0.0, 0.0}, null));
      assertTrue(e.getMessage().contains("solver " + solver + " cannot handle coefficient bounds"), e.getMessage());
      assertTrue(e.getMessage().contains("solvers that can: newton, proxgrad"), e.getMessage());
    }
  }

  @Test
  void aBadBoxIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> fit(0.1, 0.0, true, "newton", new double[] {0.0, 1.0, 0.0}, new double[] {1.0, 0.5, 1.0}));
    assertTrue(e.getMessage().contains("bounds of feature 2: lower 1.0 and upper 0.5"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> fit(0.1, 0.0, true, "newton", new double[] {0.0}, null));
    assertTrue(e.getMessage().contains("lower bounds: 1 values for 3 features"), e.getMessage());
  }
}
