package io.sparkglm.core.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Derivatives against central finite differences for every family x link (tweedie at p = 1, 1.5, 2),
 * for both the loss {@link GlmLoss#of} returns and the generic composition.
 */
class GlmLossDerivativesTest {

  private static List<GlmLoss> lossesUnderTest() {
    List<GlmLoss> out = new ArrayList<>(LossCases.all());
    for (GlmLoss loss : LossCases.all()) {
      out.add(Losses.composite(loss.family(), loss.link()));
    }
    return out;
  }

  /** {@code mu'^2 / V(mu)}, from the family and link alone. */
  static double expectedInformation(GlmLoss loss, double eta) {
    double mu = loss.link().inverse(eta);
    double dmu = loss.link().dmuDeta(eta);
    return dmu * dmu / loss.family().variance(mu);
  }

  @Test
  void derivativeAndCurvatureMatchFiniteDifferences() {
    int observedChecked = 0;
    int expectedChecked = 0;
    for (GlmLoss loss : lossesUnderTest()) {
      for (double y : LossCases.labels(loss.family())) {
        for (double eta : LossCases.etas(loss.link())) {
          String at = loss + " y=" + y + " eta=" + eta;
          double h = 1e-5 * Math.max(1.0, Math.abs(eta));
          double l = loss.value(y, eta);
          assertTrue(Double.isFinite(l), at + " value " + l);
          double d1 = loss.derivative(y, eta);
          double fd1 = (loss.value(y, eta + h) - loss.value(y, eta - h)) / (2 * h);
          assertTrue(LossCases.close(d1, fd1, 1e-6, 1e-8 * (1 + Math.abs(l))), at + " d1=" + d1 + " fd=" + fd1);

          double fd2 = (loss.derivative(y, eta + h) - loss.derivative(y, eta - h)) / (2 * h);
          double curvature = loss.curvature(y, eta);
          double expected = expectedInformation(loss, eta);
          double noise = 1e-8 * (1 + Math.abs(d1));
          if (fd2 > noise) {
            assertTrue(LossCases.close(curvature, fd2, 1e-6, noise),
                at + " curvature=" + curvature + " fd=" + fd2);
            observedChecked++;
          } else if (fd2 < -noise) {
            assertTrue(LossCases.close(curvature, expected, 1e-12, 0.0),
                at + " curvature=" + curvature + " expected information=" + expected);
            expectedChecked++;
          } else {
            // Observed information ~ 0 (e.g. poisson-identity at y = 0): either branch may apply.
            assertTrue(LossCases.close(curvature, expected, 1e-12, 0.0) || Math.abs(curvature - fd2) <= noise,
                at + " curvature=" + curvature + " fd=" + fd2 + " expected information=" + expected);
          }
        }
      }
    }
    assertTrue(observedChecked > 300, "observed branch checked " + observedChecked + " times");
    assertTrue(expectedChecked >= 4, "expected-information branch checked " + expectedChecked + " times");
  }

  /** gaussian-log: observed = mu (2 mu - y) is negative for y &gt; 2 mu, so the Fisher weight mu^2 is used. */
  @Test
  void negativeObservedInformationFallsBackToExpected() {
    GlmLoss loss = GlmLoss.of(Family.gaussian(), Link.LOG);
    double eta = 0.5;
    double mu = Math.exp(eta);
    double y = 40.0;
    double h = 1e-5;
    double observed = (loss.derivative(y, eta + h) - loss.derivative(y, eta - h)) / (2 * h);
    assertTrue(observed < 0, "observed " + observed);
    assertEquals(mu * mu, loss.curvature(y, eta), 1e-12 * mu * mu);
    // Below y = 2 mu the observed information is used.
    assertEquals(mu * (2 * mu - 1.0), loss.curvature(1.0, eta), 1e-12 * mu * mu);

    // poisson-identity at y = 0: observed y / mu^2 = 0, expected 1 / mu.
    GlmLoss poisson = GlmLoss.of(Family.poisson(), Link.IDENTITY);
    assertEquals(1.0 / 2.5, poisson.curvature(0.0, 2.5), 1e-15);
    assertEquals(3.0 / (2.5 * 2.5), poisson.curvature(3.0, 2.5), 1e-15);
  }

  @Test
  void curvatureIsPositiveEverywhereInTheGrid() {
    for (GlmLoss loss : lossesUnderTest()) {
      for (double y : LossCases.labels(loss.family())) {
        for (double eta : LossCases.etas(loss.link())) {
          assertTrue(loss.curvature(y, eta) > 0, loss + " y=" + y + " eta=" + eta);
        }
      }
    }
  }
}
