package io.sparkglm.core.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Finite, accurate values far out in eta. */
class GlmLossStabilityTest {

  /**
   * Whether eta lies in the domain of the pair and the true values are representable: the sqrt,
   * inverse and identity links of the positive-mean families need eta &gt; 0; gaussian-log at
   * eta = 700 has l ~ e^1400 / 2, which no double can hold.
   */
  private static boolean inDomain(GlmLoss loss, double eta) {
    String family = loss.family().name();
    boolean positiveMean = !family.equals("gaussian") && !family.equals("binomial");
    if (positiveMean && loss.link() != Link.LOG && eta <= 0) {
      return false;
    }
    return !(family.equals("gaussian") && loss.link() == Link.LOG && eta > 350);
  }

  @Test
  void everyPairIsFiniteFarOut() {
    int checked = 0;
    for (GlmLoss loss : LossCases.all()) {
      for (double y : LossCases.labels(loss.family())) {
        for (double eta : new double[] {0, 30, -30, 300, -300, 700, -700}) {
          if (!inDomain(loss, eta)) {
            continue;
          }
          String at = loss + " y=" + y + " eta=" + eta;
          double l = loss.value(y, eta);
          double d1 = loss.derivative(y, eta);
          double d2 = loss.curvature(y, eta);
          assertTrue(Double.isFinite(l), at + " value " + l);
          assertTrue(Double.isFinite(d1), at + " derivative " + d1);
          assertTrue(Double.isFinite(d2) && d2 >= 0, at + " curvature " + d2);
          double[] d1Out = new double[1];
          double[] d2Out = new double[1];
          double block = loss.valueAndDerivativesInto(new double[] {y}, new double[] {eta}, null, 1, d1Out, d2Out);
          assertTrue(Double.isFinite(block) && Double.isFinite(d1Out[0]) && Double.isFinite(d2Out[0]), at + " block");
          checked++;
        }
      }
    }
    assertTrue(checked > 250, "checked " + checked);
  }

  @Test
  void outsideTheMeanDomainTheValueIsInfinite() {
    assertEquals(Double.POSITIVE_INFINITY, GlmLoss.of(Family.poisson(), Link.IDENTITY).value(1.0, -0.5));
    assertEquals(Double.POSITIVE_INFINITY, GlmLoss.of(Family.poisson(), Link.SQRT).value(1.0, -0.5));
    assertEquals(Double.POSITIVE_INFINITY, GlmLoss.of(Family.poisson(), Link.SQRT).value(1.0, 0.0));
    assertEquals(Double.POSITIVE_INFINITY, GlmLoss.of(Family.gamma(), Link.INVERSE).value(1.0, -0.5));
    assertEquals(Double.POSITIVE_INFINITY, GlmLoss.of(Family.gamma(), Link.INVERSE).value(1.0, 0.0));
    assertEquals(Double.POSITIVE_INFINITY, GlmLoss.of(Family.gamma(), Link.IDENTITY).value(1.0, 0.0));
  }

  @Test
  void logitSaturatesToZeroLossNotNaN() {
    GlmLoss loss = GlmLoss.of(Family.binomial(), Link.LOGIT);
    assertEquals(0.0, loss.value(1.0, 700), 1e-300);
    assertEquals(0.0, loss.value(0.0, -700), 1e-300);
    assertEquals(700.0, loss.value(0.0, 700), 1e-12);
    assertEquals(0.0, loss.derivative(1.0, 700), 1e-300);
    assertEquals(-1.0, loss.derivative(1.0, -700));
    assertTrue(loss.curvature(1.0, 700) >= 0 && loss.curvature(1.0, 700) < 1e-300);
  }

  /**
   * For x = -z, z large: -log Phi(x) = z^2/2 + log z + log sqrt(2 pi) - log(1 - 1/z^2 + 3/z^4 - 15/z^6 + ...);
   * phi/Phi = z + 1/z - 2/z^3 + 10/z^5 - ...; and the curvature r (r + x) = 1 - 1/z^2 + 6/z^4 - ....
   */
  @Test
  void probitTailsMatchTheAsymptoticExpansions() {
    GlmLoss loss = GlmLoss.of(Family.binomial(), Link.PROBIT);
    for (double z : new double[] {40, 100, 300, 700}) {
      double s = 1.0 / (z * z);
      double series = 1 - s * (1 - 3 * s * (1 - 5 * s * (1 - 7 * s)));
      double minusLogPhi = 0.5 * z * z + Math.log(z) + StandardNormal.LOG_SQRT_2PI - Math.log(series);
      double ratio = z + 1 / z - 2 / (z * z * z) + 10 / (z * z * z * z * z);
      double curvature = 1 - s + 6 * s * s;
      assertTrue(LossCases.close(minusLogPhi, loss.value(1.0, -z), 1e-14, 0), "value at " + -z);
      assertTrue(LossCases.close(minusLogPhi, loss.value(0.0, z), 1e-14, 0), "value at " + z);
      assertTrue(LossCases.close(-ratio, loss.derivative(1.0, -z), 1e-10, 0), "derivative at " + -z);
      assertTrue(LossCases.close(ratio, loss.derivative(0.0, z), 1e-10, 0), "derivative at " + z);
      assertTrue(LossCases.close(curvature, loss.curvature(1.0, -z), 1e-7, 0),
          "curvature at " + -z + ": " + loss.curvature(1.0, -z));
    }
    assertTrue(LossCases.close(804.60844201375379, loss.value(1.0, -40), 1e-15, 0));
    // The right tail costs almost nothing: -log Phi(40) = Phi(-40) ~ 3.7e-350, underflows to 0.
    assertEquals(0.0, loss.value(1.0, 40), 1e-300);
  }

  /** cloglog: log(1 - mu) = -e^eta exactly; log mu = log(-expm1(-e^eta)) ~ eta for eta -&gt; -infinity. */
  @Test
  void cloglogTailsAreExact() {
    GlmLoss loss = GlmLoss.of(Family.binomial(), Link.CLOGLOG);
    assertEquals(Math.exp(30), loss.value(0.0, 30), 1e-15 * Math.exp(30));
    assertEquals(Math.exp(700), loss.value(0.0, 700), 1e-15 * Math.exp(700));
    assertEquals(700.0, loss.value(1.0, -700), 1e-12);
    assertTrue(LossCases.close(40.0 + 0.5 * Math.exp(-40), loss.value(1.0, -40), 1e-15, 0));
    assertEquals(-1.0, loss.derivative(1.0, -700), 1e-15);
    assertEquals(0.0, loss.value(1.0, 700), 1e-300);
  }
}
