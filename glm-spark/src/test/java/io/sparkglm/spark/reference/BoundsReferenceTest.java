package io.sparkglm.spark.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import io.sparkglm.spark.data.BlockLoader;
import io.sparkglm.spark.data.LoadedData;
import io.sparkglm.spark.stats.GlmStatistics;
import io.sparkglm.spark.train.FitResult;
import io.sparkglm.spark.train.FitWarning;
import io.sparkglm.spark.train.GlmTrainer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 15 (3): coefficient bounds against R glmnet 4.1-6's {@code lower.limits} / {@code upper.limits}
 * ({@link BoundsCase}): an unpenalized and a lasso binomial fit, a standardized ridge with penalty factors (one of
 * them 0) and a gaussian elastic net, each with two to five bounds binding. Every solver that supports bounds
 * (newton, proxgrad here; admm in its module) reaches the bound-constrained KKT certificate and glmnet's answer:
 * coefficients and intercept within 1e-5, the objective within 1e-8 relative (and not above glmnet's), the same
 * coefficients at their bounds exactly; those are named by the {@code atBound} warning and get no standard error,
 * while the free coefficients of the unpenalized fit keep theirs.
 */
public class BoundsReferenceTest {
  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String id : BoundsCase.IDS) {
      for (String solver : List.of("newton", "proxgrad")) {
        out.add(Arguments.of(BoundsCase.of(id), solver));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void matchesGlmnet(BoundsCase c, String solver) {
    LoadedData d = BlockLoader.load(SparkTestSession.get(), c.dataSpec(2),
        c.spec(solver, StoppingRule.defaults()).family());
    FitResult r = new GlmTrainer(2, Map.of()).withStatistics(d.featureNames(), d.hasOffsets())
        .fit(c.spec(solver, new StoppingRule(solver.equals("newton") ? 100 : 20000, 1e-10, 0.0)), d.blocks(),
            d.numFeatures(), BlockLoader::runAction);
    check(c, r, solver);
    d.blocks().unpersist(false);
  }

  /** The assertions shared with the solver modules' tests. */
  public static void check(BoundsCase c, FitResult r, String what) {
    what = c.id() + " " + what;
    assertEquals(Status.CONVERGED, r.status(), what + ": " + r.status() + " kkt " + r.kktViolation());
    assertTrue(r.kktViolation() <= 1e-8, what + ": KKT " + r.kktViolation());
    double objective = c.json().path("objective").asDouble();
    assertEquals(objective, r.objective(), 1e-8 * Math.abs(objective), what + ": objective");
    assertTrue(r.objective() <= objective + 1e-12, what + ": above glmnet's objective");
    assertEquals(c.json().path("intercept").asDouble(), r.intercept(), 1e-5, what + ": intercept");
    double[] lower = c.vector("lowerBounds");
    double[] upper = c.vector("upperBounds");
    boolean[] expectedAtBound = c.atBound();
    List<String> named = new ArrayList<>();
    for (int j = 0; j < c.p(); j++) {
      double b = r.coefficients()[j];
      assertEquals(c.json().path("coefficients").get(j).asDouble(), b, 1e-5, what + ": coefficient " + j);
      assertTrue(b >= lower[j] && b <= upper[j], what + ": coefficient " + j + " = " + b + " outside its box");
      assertEquals(expectedAtBound[j], b == lower[j] || b == upper[j], what + ": coefficient " + j + " at bound");
      if (expectedAtBound[j] && !(b == 0.0 && c.json().path("alpha").asDouble() > 0
          && c.json().path("lambda").asDouble() > 0)) {
        named.add("x" + (j + 1));
      }
    }
    FitWarning w = r.warnings().stream().filter(x -> x.code().equals("atBound")).findFirst().orElseThrow();
    assertEquals(named, w.features(), what + ": the atBound warning");
    GlmStatistics st = r.statistics().orElseThrow();
    boolean unpenalized = c.json().path("lambda").asDouble() == 0.0;
    for (int j = 0; j < c.p(); j++) {
      double se = st.coefficients().get(j + 1).stdError();
      assertEquals(!unpenalized || expectedAtBound[j], Double.isNaN(se), what + ": standard error of " + j);
    }
    assertFalse(r.warnings().stream().anyMatch(x -> x.code().equals("singularInformation")), what);
  }
}
