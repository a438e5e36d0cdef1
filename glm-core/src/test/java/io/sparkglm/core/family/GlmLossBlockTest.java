package io.sparkglm.core.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused block methods against the pointwise ones, and specialized losses against the generic one. */
class GlmLossBlockTest {

  private static void assertRel(double expected, double actual, String what) {
    assertTrue(LossCases.close(expected, actual, 1e-12, 1e-300), what + ": expected " + expected + ", got " + actual);
  }

  @Test
  void blockEvaluationEqualsPointwiseTimesWeight() {
    Random random = new Random(17);
    for (GlmLoss loss : LossCases.all()) {
      double[] labels = LossCases.labels(loss.family());
      double[] etas = LossCases.etas(loss.link());
      for (int n : new int[] {1, 2, 7}) {
        double[] y = new double[n];
        double[] eta = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
          y[i] = labels[random.nextInt(labels.length)];
          eta[i] = etas[random.nextInt(etas.length)] + 0.01 * random.nextGaussian();
          w[i] = i % 3 == 1 ? 0.0 : 0.5 + random.nextDouble();
        }
        checkBlock(loss, y, eta, null, n);
        checkBlock(loss, y, eta, w, n);
      }
    }
  }

  private static void checkBlock(GlmLoss loss, double[] y, double[] eta, double[] w, int n) {
    String at = loss + " n=" + n + (w == null ? " unweighted" : " weighted");
    double[] d1 = new double[n + 1];
    double[] d2 = new double[n + 1];
    Arrays.fill(d1, Double.NaN);
    Arrays.fill(d2, Double.NaN);
    double sum = loss.valueAndDerivativesInto(y, eta, w, n, d1, d2);
    double expectedSum = 0.0;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1.0 : w[i];
      expectedSum += wi * loss.value(y[i], eta[i]);
      assertRel(wi * loss.derivative(y[i], eta[i]), d1[i], at + " d1[" + i + "]");
      assertRel(wi * loss.curvature(y[i], eta[i]), d2[i], at + " d2[" + i + "]");
    }
    assertTrue(Double.isNaN(d1[n]) && Double.isNaN(d2[n]), at + ": wrote past n");
    assertRel(expectedSum, sum, at + " value");
    assertRel(expectedSum, loss.valueSum(y, eta, w, n), at + " valueSum");

    double[] d1Only = new double[n];
    assertRel(expectedSum, loss.valueAndDerivativesInto(y, eta, w, n, d1Only, null), at + " value, d2Out null");
    for (int i = 0; i < n; i++) {
      assertEquals(d1[i], d1Only[i], at + " d1 with d2Out null");
    }
  }

  /** A zero weight removes a row even where its loss is infinite (eta outside the mean domain). */
  @Test
  void zeroWeightRowsContributeNothing() {
    for (GlmLoss loss : LossCases.all()) {
      double y0 = LossCases.labels(loss.family())[0];
      double[] y = {y0, y0};
      double good = LossCases.etas(loss.link())[0];
      double[] eta = {good, loss.link() == Link.LOG || loss.family().name().equals("binomial") ? 900.0 : -1.0};
      double[] w = {2.0, 0.0};
      double[] d1 = {Double.NaN, Double.NaN};
      double[] d2 = {Double.NaN, Double.NaN};
      double sum = loss.valueAndDerivativesInto(y, eta, w, 2, d1, d2);
      assertRel(2.0 * loss.value(y0, good), sum, loss + " sum");
      assertRel(2.0 * loss.value(y0, good), loss.valueSum(y, eta, w, 2), loss + " valueSum");
      assertEquals(0.0, d1[1], loss + " d1");
      assertEquals(0.0, d2[1], loss + " d2");
    }
  }

  @Test
  void specializedLossesEqualTheGenericComposition() {
    int specialized = 0;
    for (GlmLoss loss : LossCases.all()) {
      if (loss instanceof CompositeLoss) {
        continue;
      }
      specialized++;
      GlmLoss generic = Losses.composite(loss.family(), loss.link());
      for (double y : LossCases.labels(loss.family())) {
        for (double eta : LossCases.etas(loss.link())) {
          String at = loss + " y=" + y + " eta=" + eta;
          assertRel(generic.value(y, eta), loss.value(y, eta), at + " value");
          assertRel(generic.derivative(y, eta), loss.derivative(y, eta), at + " derivative");
          assertRel(generic.curvature(y, eta), loss.curvature(y, eta), at + " curvature");
          assertRel(generic.mean(eta), loss.mean(eta), at + " mean");
        }
      }
    }
    assertEquals(10, specialized,
        "gaussian-identity, binomial-logit, poisson-log, gamma-log, tweedie-log x 3, negative-binomial-log x 3");
  }
}
