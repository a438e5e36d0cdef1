package io.sparkglm.spark.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import io.sparkglm.core.family.Family;
import io.sparkglm.core.fit.FeatureStats;
import io.sparkglm.core.fit.FitSetup;
import io.sparkglm.core.fit.GlmSpec;
import io.sparkglm.core.solver.Status;
import io.sparkglm.core.solver.StoppingRule;
import io.sparkglm.spark.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * The outcomes a statistician would warn about come out as a status or a named warning, never as a silent
 * {@code CONVERGED} (the cases of the reliability issue, 500 rows unless said): separation, a duplicated column,
 * more columns than rows, data on a scale of 1e150, and a solver that stops above the tolerance.
 */
class HonestStatusTest {
  private static final List<String> NAMES3 = List.of("x1", "x2", "x3");

  private static List<Block> blocks(double[][] x, double[] y) {
    List<Block> out = new ArrayList<>();
    BlockBuilder b = new BlockBuilder(x[0].length, 128, false, false);
    for (int i = 0; i < x.length; i++) {
      b.addDense(x[i], y[i], 1.0, 0.0);
      if (b.isFull()) {
        out.add(b.build());
      }
    }
    if (b.numRows() > 0) {
      out.add(b.build());
    }
    return out;
  }

  private static FitResult fit(GlmSpec spec, List<Block> blocks, int p, List<String> names) {
    return new GlmTrainer().withStatistics(names, false).fit(spec,
        JavaSparkContext.fromSparkContext(SparkTestSession.get().sparkContext()).parallelize(blocks, 3), p,
        s -> s.get());
  }

  private static GlmSpec spec(Family family, double lambda, String solver) {
    return new GlmSpec(family, family.defaultLink(), lambda, 0.0, true, true, solver, StoppingRule.defaults());
  }

  /** x1 separates the classes (y = 1 exactly when x1 > 0); x2 and x3 are noise. */
  private static double[][] separated(double[] y, boolean separate) {
    Random rnd = new Random(11);
    double[][] x = new double[y.length][3];
    for (int i = 0; i < y.length; i++) {
      x[i] = new double[] {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
      double eta = separate ? 0 : 0.8 * x[i][0];
      y[i] = separate ? (x[i][0] > 0 ? 1 : 0) : (rnd.nextDouble() < 1 / (1 + Math.exp(-eta)) ? 1 : 0);
    }
    return x;
  }

  @Test
  void separationIsReportedWithTheSeparatingFeatureByEverySolver() {
    double[] y = new double[500];
    double[][] x = separated(y, true);
    for (String solver : new String[] {"newton", "lbfgs", "proxgrad"}) {
      FitResult r = fit(spec(Family.binomial(), 0, solver), blocks(x, y), 3, NAMES3);
      assertEquals(Status.SEPARATED, r.status(), solver);
      assertFalse(r.converged(), solver);
      FitWarning w = r.warnings().get(0);
      assertEquals("separation", w.code(), solver);
      assertEquals(List.of("x1"), w.features(), solver + ": " + w.message());
      assertTrue(w.message().contains("no finite maximum-likelihood estimate"), w.message());
    }
  }

  @Test
  void aPenaltyMakesTheSeparatedFitFiniteAndOrdinaryDataGetNoWarning() {
    double[] y = new double[500];
    double[][] x = separated(y, true);
    FitResult ridge = fit(spec(Family.binomial(), 0.01, "newton"), blocks(x, y), 3, NAMES3);
    assertEquals(Status.CONVERGED, ridge.status());
    assertTrue(ridge.warnings().stream().noneMatch(w -> w.code().equals("separation")), ridge.warnings()::toString);

    double[] y2 = new double[500];
    double[][] x2 = separated(y2, false);
    FitResult plain = fit(spec(Family.binomial(), 0, "newton"), blocks(x2, y2), 3, NAMES3);
    assertEquals(Status.CONVERGED, plain.status());
    assertEquals(List.of(), plain.warnings());
    assertTrue(plain.statistics().orElseThrow().coefficients().stream()
        .allMatch(c -> Double.isFinite(c.stdError())), "standard errors of an ordinary fit");
  }

  @Test
  void aDuplicatedColumnIsAliasedAndTheRestIsTheFitWithoutIt() {
    Random rnd = new Random(12);
    double[][] x = new double[500][3];
    double[][] reduced = new double[500][2];
    double[] y = new double[500];
    for (int i = 0; i < 500; i++) {
      double a = rnd.nextGaussian();
      double b = rnd.nextGaussian();
      x[i] = new double[] {a, b, a};
      reduced[i] = new double[] {a, b};
      y[i] = 1 + 2 * a - b + rnd.nextGaussian();
    }
    for (String solver : new String[] {"newton", "lbfgs"}) {
      FitResult r = fit(spec(Family.gaussian(), 0, solver), blocks(x, y), 3, NAMES3);
      FitResult without = fit(spec(Family.gaussian(), 0, solver), blocks(reduced, y), 2, List.of("x1", "x2"));
      assertEquals(Status.CONVERGED, r.status(), solver);
      assertEquals("aliased", r.warnings().get(0).code());
      assertEquals(List.of("x3"), r.warnings().get(0).features());
      assertEquals(0.0, r.coefficients()[2], 0.0);
      for (int j = 0; j < 2; j++) {
        assertEquals(without.coefficients()[j], r.coefficients()[j], 1e-8, solver + " coefficient " + j);
        assertEquals(without.statistics().orElseThrow().coefficients().get(j + 1).stdError(),
            r.statistics().orElseThrow().coefficients().get(j + 1).stdError(), 1e-10, solver + " se " + j);
      }
      assertEquals(without.statistics().orElseThrow().dfResidual(), r.statistics().orElseThrow().dfResidual());
      assertTrue(Double.isNaN(r.statistics().orElseThrow().coefficients().get(3).estimate()), "x3 is NA");
    }
  }

  @Test
  void moreColumnsThanRowsFitsTheRankAndInterpolates() {
    Random rnd = new Random(13);
    double[][] x = new double[10][20];
    double[] y = new double[10];
    List<String> names = new ArrayList<>();
    for (int j = 0; j < 20; j++) {
      names.add("x" + (j + 1));
    }
    for (int i = 0; i < 10; i++) {
      for (int j = 0; j < 20; j++) {
        x[i][j] = rnd.nextGaussian();
      }
      y[i] = x[i][0] + rnd.nextGaussian();
    }
    FitResult r = fit(spec(Family.gaussian(), 0, "newton"), blocks(x, y), 20, names);
    assertEquals(Status.CONVERGED, r.status());
    assertEquals(names.subList(9, 20), r.warnings().get(0).features());
    assertEquals(0.0, r.statistics().orElseThrow().dfResidual());
    for (int i = 0; i < 10; i++) {
      double eta = r.intercept();
      for (int j = 0; j < 20; j++) {
        eta += r.coefficients()[j] * x[i][j];
      }
      assertEquals(y[i], eta, 1e-8, "10 parameters interpolate 10 rows: row " + i);
    }
  }

  @Test
  void dataOnAScaleOf1e150GetARelativeCertificateConsistentWithConverged() {
    Random rnd = new Random(14);
    double[][] x = new double[500][2];
    double[][] big = new double[500][2];
    double[] y = new double[500];
    double[] yBig = new double[500];
    for (int i = 0; i < 500; i++) {
      x[i] = new double[] {rnd.nextGaussian(), rnd.nextGaussian()};
      y[i] = 1 + 2 * x[i][0] - x[i][1] + rnd.nextGaussian();
      big[i] = new double[] {x[i][0] * 1e150, x[i][1] * 1e150};
      yBig[i] = y[i] * 1e150;
    }
    FitResult r = fit(spec(Family.gaussian(), 0, "newton"), blocks(big, yBig), 2, List.of("x1", "x2"));
    FitResult plain = fit(spec(Family.gaussian(), 0, "newton"), blocks(x, y), 2, List.of("x1", "x2"));
    assertTrue(r.relativeKkt() <= 1e-12, "relative certificate " + r.relativeKkt());
    assertTrue(r.kktViolation() > 1e100, "the absolute one is on the data's scale: " + r.kktViolation());
    assertEquals(r.converged(), r.kktViolation() <= 1e-7 || r.relativeKkt() <= 1e-7);
    assertTrue(r.converged());
    assertEquals(plain.coefficients()[0], r.coefficients()[0], 1e-9);
    assertEquals(plain.intercept() * 1e150, r.intercept(), 1e-9 * 1e150);
    assertTrue(plain.relativeKkt() <= plain.kktViolation() * 10 && plain.relativeKkt() <= 1e-7);
  }

  @Test
  void aSolverThatStopsAboveTheToleranceIsStalledNotConverged() {
    Random rnd = new Random(15);
    BlockBuilder b = new BlockBuilder(2, 100, false, false);
    for (int i = 0; i < 100; i++) {
      b.addDense(new double[] {rnd.nextGaussian(), rnd.nextGaussian()}, rnd.nextGaussian(), 1.0, 0.0);
    }
    FeatureStats stats = new FeatureStats(2).add(b.build());
    FitSetup setup = FitSetup.of(spec(Family.gaussian(), 0, "newton"), stats);
    FitResult claimed = new FitResult(setup.spec(), "newton", new double[2], 0.0, 1.0, 1e-3, 5, 5,
        Status.CONVERGED, List.of(), 0.1, 100, 100, java.util.Optional.empty(), Map.of(), 1e-3, List.of());
    assertEquals(Status.STALLED, Diagnosis.of(setup, claimed, null).status());
    FitResult relativelyFine = new FitResult(setup.spec(), "newton", new double[2], 0.0, 1.0, 1e-3, 5, 5,
        Status.CONVERGED, List.of(), 0.1, 100, 100, java.util.Optional.empty(), Map.of(), 1e-9, List.of());
    assertEquals(Status.CONVERGED, Diagnosis.of(setup, relativelyFine, null).status());
    FitResult infinite = new FitResult(setup.spec(), "newton", new double[2], 0.0, Double.POSITIVE_INFINITY, 0.0,
        5, 5, Status.CONVERGED, List.of(), 0.1, 100, 100, java.util.Optional.empty(), Map.of(), 0.0, List.of());
    assertEquals(Status.NOT_FINITE, Diagnosis.of(setup, infinite, null).status());
  }
}
