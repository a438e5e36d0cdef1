package io.sparkglm.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 (1): an unpenalized multinomial fit on separable data is not reported as {@code CONVERGED} in silence
 * ({@link MultinomialDiagnosis}): complete separation (x1 alone orders the three classes) and quasi-complete
 * separation (x1 > 1 exactly for class 2; classes 0 and 1 overlap) end {@link Status#SEPARATED} with the warning
 * {@code separation} naming x1, by every solver; a penalty makes the fit finite (no {@code separation}); data that
 * are not separable get no warning and {@code CONVERGED}.
 */
class MultinomialSeparationTest {
  private static final List<String> NAMES = List.of("x1", "x2", "x3");

  /** 300 rows; {@code kind} complete, quasi or none (the classes drawn from a softmax model). */
  private static JavaRDD<Block> data(String kind) {
    Random rnd = new Random(7);
    List<Block> out = new ArrayList<>();
    BlockBuilder b = new BlockBuilder(3, 64, false, false);
    for (int i = 0; i < 300; i++) {
      double[] x = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
      int y = switch (kind) {
        case "complete" -> x[0] < -0.5 ? 0 : x[0] < 0.5 ? 1 : 2;
        case "quasi" -> x[0] > 1 ? 2 : rnd.nextDouble() < 1 / (1 + Math.exp(-x[1])) ? 1 : 0;
        default -> draw(rnd, new double[] {0, 0.8 * x[0] - 0.5 * x[1], -0.6 * x[0] + 0.4 * x[2]});
      };
      b.addDense(x, y, 1.0, 0.0);
      if (b.isFull()) {
        out.add(b.build());
        b = new BlockBuilder(3, 64, false, false);
      }
    }
    if (b.numRows() > 0) {
      out.add(b.build());
    }
    return JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext()).parallelize(out, 3).cache();
  }

  private static int draw(Random rnd, double[] eta) {
    double z = 0;
    for (double e : eta) {
      z += Math.exp(e);
    }
    double u = rnd.nextDouble() * z;
    for (int k = 0; k < eta.length - 1; k++) {
      u -= Math.exp(eta[k]);
      if (u < 0) {
        return k;
      }
    }
    return eta.length - 1;
  }

  private static GlmSpec spec(String solver, double lambda) {
    return new GlmSpec(Family.gaussian(), null, lambda, 0.0, true, true, solver, StoppingRule.defaults());
  }

  private static MultinomialTrainer.MultinomialFit fit(GlmSpec spec, JavaRDD<Block> data) {
    return new MultinomialTrainer(2).withFeatureNames(NAMES).fit(spec, data, 3, 0);
  }

  @Test
  void completeAndQuasiCompleteSeparationAreReportedNamingTheFeatureByEverySolver() {
    for (String kind : List.of("complete", "quasi")) {
      JavaRDD<Block> data = data(kind);
      for (String solver : List.of("newton", "lbfgs", "proxgrad")) {
        MultinomialTrainer.MultinomialFit f = fit(spec(solver, 0.0), data);
        String what = solver + " on " + kind + " separation";
        assertEquals(Status.SEPARATED, f.status(), what + ": " + f.warnings());
        assertFalse(f.converged(), what);
        FitWarning w = f.warnings().get(0);
        assertEquals("separation", w.code(), what);
        assertEquals(List.of("x1"), w.features(), what + ": " + w.message());
        assertTrue(w.message().contains("no finite maximum-likelihood estimate"), w.message());
      }
      data.unpersist(false);
    }
  }

  @Test
  void aPenaltyMakesTheFitFiniteAndOrdinaryDataGetNoWarning() {
    JavaRDD<Block> separated = data("complete");
    MultinomialTrainer.MultinomialFit ridge = fit(spec("newton", 0.01), separated);
    assertEquals(Status.CONVERGED, ridge.status());
    assertTrue(ridge.warnings().stream().noneMatch(w -> w.code().equals("separation")), ridge.warnings()::toString);
    separated.unpersist(false);
    JavaRDD<Block> ordinary = data("none");
    for (String solver : List.of("newton", "lbfgs")) {
      MultinomialTrainer.MultinomialFit f = fit(spec(solver, 0.0), ordinary);
      assertEquals(Status.CONVERGED, f.status(), solver);
      assertEquals(List.of(), f.warnings(), solver);
    }
    ordinary.unpersist(false);
  }
}
