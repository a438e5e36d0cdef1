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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15 (5): warm starts ({@link GlmTrainer#withStart}) on the binomial reference set {@code binom} (4000 x 15),
 * a standardized elastic net. From a certified optimum every solver that has an initial point stops at once (no
 * iteration: the start already meets the certificate) with the same answer; from the answer at a nearby lambda it
 * needs fewer iterations than from the intercept-only start, and reaches the cold fit's answer. A model of another
 * family or feature count is refused, naming it.
 */
class WarmStartTest {
  private static LoadedData binom;

  @BeforeAll
  static void load() throws Exception {
    String path = Path.of(WarmStartTest.class.getResource("/reference/data/binom.csv").toURI()).toString();
    binom = BlockLoader.load(SparkTestSession.get(), new DataSpec(path, DataFormat.CSV, "label",
        DataSpec.DEFAULT_FEATURES_COL, null, null, 15, 2, io.sparkglm.core.data.BlockBuilder.DEFAULT_BLOCK_ROWS),
        Family.binomial());
  }

  @AfterAll
  static void release() {
    binom.blocks().unpersist(false);
  }

  private static FitResult fit(String solver, double lambda, GlmTrainer.Start start) {
    GlmSpec spec = new GlmSpec(Family.binomial(), null, lambda, 0.5, true, true, solver,
        new StoppingRule(20000, 1e-9, 0.0));
    return new GlmTrainer(2, Map.of()).withStart(start).fit(spec, binom.blocks(), 15, s -> s.get());
  }

  private static GlmTrainer.Start from(FitResult r) {
    return new GlmTrainer.Start("the fit at lambda " + r.spec().regParam(), "binomial", r.coefficients(),
        r.intercept());
  }

  @ParameterizedTest
  @ValueSource(strings = {"newton", "proxgrad", "lbfgs"})
  void fromTheOptimumNoIterationIsNeeded(String solver) {
    FitResult cold = fit(solver, 0.02, null);
    assertEquals(Status.CONVERGED, cold.status());
    assertTrue(cold.iterations() > 1, solver + " cold: " + cold.iterations());
    FitResult warm = fit(solver, 0.02, from(cold));
    assertEquals(Status.CONVERGED, warm.status());
    assertEquals(0, warm.iterations(), solver + ": the start already meets the certificate");
    assertArrayEquals(cold.coefficients(), warm.coefficients(), 1e-12, solver);
    assertEquals(cold.intercept(), warm.intercept(), 1e-12, solver);
  }

  @ParameterizedTest
  @ValueSource(strings = {"newton", "proxgrad", "lbfgs"})
  void fromANearbyLambdaFewerIterationsThanCold(String solver) {
    FitResult near = fit(solver, 0.025, null);
    FitResult cold = fit(solver, 0.02, null);
    FitResult warm = fit(solver, 0.02, from(near));
    assertEquals(Status.CONVERGED, warm.status());
    assertTrue(warm.iterations() < cold.iterations(), solver + ": warm " + warm.iterations() + " iterations, cold "
        + cold.iterations());
    assertArrayEquals(cold.coefficients(), warm.coefficients(), 1e-7, solver);
  }

  @Test
  void aModelOfAnotherFamilyOrSizeIsRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fit("newton", 0.02,
        new GlmTrainer.Start("model m", "poisson", new double[15], 0.0)));
    assertEquals("model m is a poisson model; this fit's family is binomial", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> fit("newton", 0.02,
        new GlmTrainer.Start("model m", "binomial", new double[3], 0.0)));
    assertEquals("model m has 3 coefficients; the data has 15 features", e.getMessage());
  }
}
