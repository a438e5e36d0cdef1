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
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * {@link MultinomialTrainer}: the recipe end to end on a small synthetic 3-class problem (every solver reaches the
 * same certified optimum, auto picks newton for a small K p, K comes from the labels), and what it refuses, with
 * messages naming what to use instead: solvers that do not fit multinomial models, gd with L1, newton beyond its
 * Hessian size, bounds, offsets, a class without rows. Against R: {@code MultinomialReferenceTest}.
 */
class MultinomialTrainerTest {
  static final int P = 3;

  static JavaRDD<Block> blocks(boolean offsets) {
    Random rnd = new Random(4);
    List<Block> out = new ArrayList<>();
    BlockBuilder b = new BlockBuilder(P, 50, false, offsets);
    for (int i = 0; i < 200; i++) {
      double[] x = {rnd.nextGaussian(), rnd.nextGaussian() * 2, rnd.nextGaussian()};
      double[] s = {0, 0.9 * x[0] - 0.3 * x[1], -0.6 * x[0] + 0.5 * x[2]};
      double z = Math.exp(s[0]) + Math.exp(s[1]) + Math.exp(s[2]);
      double u = rnd.nextDouble() * z;
      int y = u < Math.exp(s[0]) ? 0 : u < Math.exp(s[0]) + Math.exp(s[1]) ? 1 : 2;
      b.addDense(x, y, 1.0, 0.0);
      if (b.isFull()) {
        out.add(b.build());
        b = new BlockBuilder(P, 50, false, offsets);
      }
    }
    return JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext()).parallelize(out, 2).cache();
  }

  static GlmSpec spec(String solver, double lambda, double alpha) {
    return new GlmSpec(Family.gaussian(), null, lambda, alpha, true, true, solver, new StoppingRule(20_000, 1e-8,
        0.0));
  }

  @Test
  void everySolverReachesTheSameCertifiedOptimum() {
    JavaRDD<Block> data = blocks(false);
    MultinomialTrainer t = new MultinomialTrainer(2);
    MultinomialTrainer.MultinomialFit ref = t.fit(spec("auto", 0.01, 0.0), data, P, 0);
    assertEquals("newton", ref.solver());
    assertEquals(3, ref.numClasses());
    assertEquals(200.0, ref.classWeights()[0] + ref.classWeights()[1] + ref.classWeights()[2]);
    for (String solver : List.of("lbfgs", "proxgrad", "gd")) {
      MultinomialTrainer.MultinomialFit f = t.fit(spec(solver, 0.01, 0.0), data, P, 0);
      assertEquals(Status.CONVERGED, f.status(), solver);
      assertTrue(f.kktViolation() <= 1e-8, solver + " kkt " + f.kktViolation());
      assertEquals(ref.objective(), f.objective(), 1e-12, solver);
      for (int k = 0; k < 3; k++) {
        assertEquals(ref.intercepts()[k], f.intercepts()[k], 1e-5, solver);
        assertArrayEquals(ref.coefficients()[k], f.coefficients()[k], 1e-5, solver);
      }
    }
    assertTrue(ref.converged() && ref.iterations() > 0 && ref.passes() > ref.iterations());
    data.unpersist(false);
  }

  @Test
  void refusesWhatItCannotFit() {
    JavaRDD<Block> data = blocks(false);
    MultinomialTrainer t = new MultinomialTrainer(2);
    IllegalArgumentException admm = assertThrows(IllegalArgumentException.class,
        () -> t.fit(spec("admm", 0.01, 1.0), data, P, 0));
    assertEquals("solver 'admm' does not fit multinomial models; use one of auto, newton, lbfgs, proxgrad, gd",
        admm.getMessage());
    IllegalArgumentException gd = assertThrows(IllegalArgumentException.class,
        () -> t.fit(spec("gd", 0.01, 1.0), data, P, 0));
    assertTrue(gd.getMessage().contains("use newton, lbfgs or proxgrad"), gd.getMessage());
    GlmSpec bounded = spec("newton", 0.01, 1.0).withBounds(new double[] {0, 0, 0}, null);
    assertThrows(IllegalArgumentException.class, () -> t.fit(bounded, data, P, 0));
    IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
        () -> t.fit(spec("newton", 0.01, 1.0), data, P, 5));
    assertTrue(empty.getMessage().startsWith("class 3 of 0..4 has no rows"), empty.getMessage());
    JavaRDD<Block> withOffsets = blocks(true);
    IllegalArgumentException off = assertThrows(IllegalArgumentException.class,
        () -> t.fit(spec("newton", 0.01, 1.0), withOffsets, P, 0));
    assertTrue(off.getMessage().contains("offsets"), off.getMessage());
    // newton's block Hessian has K(p+1) = 3 * 701 coordinates here, above its limit.
    BlockBuilder wide = new BlockBuilder(700, 30, false, false);
    for (int i = 0; i < 30; i++) {
      wide.addSparse(new int[] {i}, new double[] {1.0}, 1, i % 3, 1.0, 0.0);
    }
    JavaRDD<Block> wideData = JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext())
        .parallelize(List.of(wide.build()), 1);
    IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
        () -> t.fit(spec("newton", 0.01, 1.0), wideData, 700, 0));
    assertTrue(big.getMessage().contains("K(p+1) = 2103") && big.getMessage().contains("use solver lbfgs"),
        big.getMessage());
    data.unpersist(false);
    withOffsets.unpersist(false);
  }
}
