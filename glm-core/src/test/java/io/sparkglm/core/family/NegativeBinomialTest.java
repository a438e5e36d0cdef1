package io.sparkglm.core.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;

/**
 * The negative binomial (NB2) family: its parameter, variance, deviance and AIC against the density written out,
 * the theta derivatives of {@link NegativeBinomialTheta} against finite differences, and the poisson limit. The
 * loss's derivatives and its agreement with the generic composition are checked with every other family
 * ({@link LossCases}: theta 0.7, 5, 1e7).
 */
class NegativeBinomialTest {

  /** {@code log f(y; mu, theta)} from the density written out with lgamma. */
  private static double logDensity(double y, double mu, double theta) {
    return Gamma.logGamma(y + theta) - Gamma.logGamma(theta) - Gamma.logGamma(y + 1)
        + theta * Math.log(theta / (theta + mu)) + y * Math.log(mu / (theta + mu));
  }

  @Test
  void parsesFixedAndEstimatedThetaAndRefusesBadOnes() {
    Family fixed = Family.parse("Negative-Binomial", Double.NaN, 2.5);
    assertEquals(Family.negativeBinomial(2.5), fixed);
    assertEquals(2.5, fixed.theta());
    assertFalse(fixed.estimatesTheta());
    Family estimated = Family.parse("negative-binomial", 1.5);
    assertTrue(estimated.estimatesTheta() && estimated.takesTheta());
    assertTrue(Double.isNaN(estimated.theta()));
    assertEquals(Family.negativeBinomial(3.0), estimated.withTheta(3.0));
    assertEquals("negative-binomial", fixed.name());
    assertEquals("negative-binomial(theta=2.5)", fixed.toString());
    assertEquals("negative-binomial(theta estimated)", estimated.toString());
    for (double bad : new double[] {0.0, -1.0, Double.POSITIVE_INFINITY}) {
      assertEquals("theta must be finite and > 0, got " + bad,
          assertThrows(IllegalArgumentException.class, () -> Family.negativeBinomial(bad)).getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Family.poisson().withTheta(1.0));
    assertFalse(Family.poisson().takesTheta());
    IllegalArgumentException noLoss = assertThrows(IllegalArgumentException.class,
        () -> GlmLoss.of(estimated, Link.LOG));
    assertTrue(noLoss.getMessage().contains("theta"), noLoss.getMessage());
    assertEquals("link 'logit' is not supported for family negative-binomial; supported: log, identity, sqrt",
        assertThrows(IllegalArgumentException.class, () -> GlmLoss.of(fixed, Link.LOGIT)).getMessage());
  }

  @Test
  void varianceLinksAndDispersion() {
    Family f = Family.negativeBinomial(4.0);
    assertEquals(3.0 + 9.0 / 4.0, f.variance(3.0), 1e-15);
    assertEquals(List.of(Link.LOG, Link.IDENTITY, Link.SQRT), f.supportedLinks());
    assertFalse(f.estimatesDispersion());
    assertFalse(f.isValidLabel(-1.0));
    assertTrue(f.isValidLabel(0.0));
    assertEquals("a non-negative count", f.labelDomain());
    assertInstanceOf(NegativeBinomialLogLoss.class, GlmLoss.of(f, Link.LOG));
    assertInstanceOf(CompositeLoss.class, GlmLoss.of(f, Link.SQRT));
  }

  /** R's {@code negative.binomial(theta)$dev.resids}, written as R does, for counts. */
  @Test
  void unitDevianceIsMassDevResids() {
    for (double theta : new double[] {0.4, 3.0, 80.0}) {
      for (double y : new double[] {0, 1, 2, 7, 30}) {
        for (double mu : new double[] {0.2, 1.5, 9.0}) {
          double r = 2 * (y * Math.log(Math.max(1, y) / mu) - (y + theta) * Math.log((y + theta) / (mu + theta)));
          assertEquals(r, Family.negativeBinomial(theta).unitDeviance(y, mu), 1e-12 * (1 + Math.abs(r)));
        }
      }
    }
  }

  /** AIC is -2 log-likelihood + 2 rank (R's negative.binomial(theta)$aic with glm's 2 rank). */
  @Test
  void aicAndLogLikelihoodMatchTheDensity() {
    java.util.Random rnd = new java.util.Random(5);
    for (double theta : new double[] {0.3, 2.0, 40.0}) {
      Family f = Family.negativeBinomial(theta);
      double[] sums = new double[f.aicTermCount()];
      double ll = 0;
      for (int i = 0; i < 300; i++) {
        double mu = 0.1 + 6 * rnd.nextDouble();
        double y = rnd.nextInt(15);
        double w = 0.5 + rnd.nextDouble();
        f.addAicTerms(y, mu, w, sums);
        ll += w * logDensity(y, mu, theta);
        assertEquals(logDensity(y, mu, theta), NegativeBinomialTheta.logLikelihood(y, mu, theta), 1e-10);
      }
      assertEquals(-2 * ll + 2 * 3, f.aic(sums, Double.NaN, 300, 300, 0.0, 3), 1e-8 * Math.abs(ll));
    }
  }

  /** Score and information against central differences of the log-likelihood in theta, small to large theta. */
  @Test
  void thetaDerivativesMatchFiniteDifferences() {
    for (double theta : new double[] {0.2, 1.0, 7.5, 300.0}) {
      for (double y : new double[] {0, 1, 3, 12, 40}) {
        for (double mu : new double[] {0.3, 2.0, 15.0}) {
          double h = 1e-4 * theta;
          double fd1 = (NegativeBinomialTheta.logLikelihood(y, mu, theta + h)
              - NegativeBinomialTheta.logLikelihood(y, mu, theta - h)) / (2 * h);
          double score = NegativeBinomialTheta.score(y, mu, theta);
          assertEquals(fd1, score, 1e-6 * (Math.abs(score) + 1e-4 / theta), "score theta=" + theta + " y=" + y);
          double fd2 = -(NegativeBinomialTheta.score(y, mu, theta + h) - NegativeBinomialTheta.score(y, mu, theta - h))
              / (2 * h);
          double info = NegativeBinomialTheta.information(y, mu, theta);
          // The differenced score loses about eps |digamma(theta)| / h to rounding.
          assertEquals(fd2, info, 1e-5 * Math.abs(info) + 1e-13, "info theta=" + theta);
        }
      }
    }
  }

  /** As theta grows the family becomes poisson: log-likelihood, loss derivatives and variance. */
  @Test
  void largeThetaIsPoisson() {
    double theta = 1e9;
    GlmLoss nb = GlmLoss.of(Family.negativeBinomial(theta), Link.LOG);
    GlmLoss poisson = GlmLoss.of(Family.poisson(), Link.LOG);
    for (double y : new double[] {0, 1, 5, 40}) {
      for (double eta : new double[] {-2, 0.5, 3}) {
        double mu = Math.exp(eta);
        double poissonLl = -mu + y * eta - Gamma.logGamma(y + 1);
        assertEquals(poissonLl, NegativeBinomialTheta.logLikelihood(y, mu, theta), 1e-7 * (1 + Math.abs(poissonLl)));
        assertEquals(poisson.value(y, eta), nb.value(y, eta), 1e-7 * (1 + Math.abs(poisson.value(y, eta))));
        // The exact difference is of relative order mu / theta.
        assertEquals(poisson.derivative(y, eta), nb.derivative(y, eta), 1e-7 * (1 + Math.abs(y) + mu));
        assertEquals(poisson.curvature(y, eta), nb.curvature(y, eta), 1e-7 * mu);
      }
    }
  }

  /** The log loss stays finite and accurate at extreme eta (softplus form). */
  @Test
  void logLossIsStableAtExtremeEta() {
    GlmLoss nb = GlmLoss.of(Family.negativeBinomial(2.0), Link.LOG);
    assertEquals(2.0 * Math.exp(-700) / 2.0, nb.value(0.0, -700), 1e-300);
    double big = nb.value(3.0, 700);
    assertEquals(5.0 * (700 - Math.log(2.0)) - 3.0 * 700, big, 1e-9 * Math.abs(big));
    assertEquals(2.0, nb.derivative(0.0, 700), 1e-12);
    assertTrue(nb.curvature(3.0, 700) >= 0 && Double.isFinite(nb.curvature(3.0, -700)));
  }
}
