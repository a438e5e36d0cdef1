package io.sparkglm.core.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * What the family answers for the code outside its package: AIC (against -2 log-likelihood summed from each
 * distribution's density written out here, plus 2 per parameter as R counts them), the starting mean, the names and
 * the capabilities.
 */
class FamilyAicTest {
  private static final int N = 200;
  private static final int RANK = 3;

  private static double aic(Family f, double[] y, double[] mu) {
    double[] sums = new double[f.aicTermCount()];
    double deviance = 0;
    for (int i = 0; i < y.length; i++) {
      f.addAicTerms(y[i], mu[i], 1.0, sums);
      deviance += f.unitDeviance(y[i], mu[i]);
    }
    return f.aic(sums, deviance, y.length, y.length, 0.0, RANK);
  }

  @Test
  void aicIsMinusTwiceTheLogLikelihoodPlusTwiceTheParameters() {
    Random rnd = new Random(11);
    double[] mu = new double[N];
    double[] y = new double[N];

    // Poisson: log(mu^y e^-mu / y!), y! as a product.
    for (int i = 0; i < N; i++) {
      mu[i] = 0.5 + 4 * rnd.nextDouble();
      y[i] = rnd.nextInt(9);
    }
    double ll = 0;
    for (int i = 0; i < N; i++) {
      double fact = 1;
      for (int k = 2; k <= y[i]; k++) {
        fact *= k;
      }
      ll += Math.log(Math.pow(mu[i], y[i]) * Math.exp(-mu[i]) / fact);
    }
    assertEquals(-2 * ll + 2 * RANK, aic(Family.poisson(), y, mu), 1e-9);

    // Bernoulli: log(mu) or log(1 - mu).
    ll = 0;
    for (int i = 0; i < N; i++) {
      mu[i] = 0.05 + 0.9 * rnd.nextDouble();
      y[i] = rnd.nextBoolean() ? 1 : 0;
      ll += Math.log(y[i] == 1 ? mu[i] : 1 - mu[i]);
    }
    assertEquals(-2 * ll + 2 * RANK, aic(Family.binomial(), y, mu), 1e-9);

    // Gaussian at the ML variance dev / n, one more parameter (sigma).
    double dev = 0;
    for (int i = 0; i < N; i++) {
      mu[i] = rnd.nextGaussian();
      y[i] = mu[i] + 0.7 * rnd.nextGaussian();
      dev += (y[i] - mu[i]) * (y[i] - mu[i]);
    }
    double s2 = dev / N;
    ll = 0;
    for (int i = 0; i < N; i++) {
      ll += -0.5 * Math.log(2 * Math.PI * s2) - (y[i] - mu[i]) * (y[i] - mu[i]) / (2 * s2);
    }
    assertEquals(-2 * ll + 2 * (RANK + 1), aic(Family.gaussian(), y, mu), 1e-9);

    // Gamma with shape k = 1 / phi, phi = dev / n (R's Gamma()$aic), scale mu / k; one more parameter.
    dev = 0;
    for (int i = 0; i < N; i++) {
      mu[i] = 1 + 3 * rnd.nextDouble();
      y[i] = mu[i] * (0.2 + 1.6 * rnd.nextDouble());
      dev += Family.gamma().unitDeviance(y[i], mu[i]);
    }
    double k = N / dev;
    ll = 0;
    for (int i = 0; i < N; i++) {
      double scale = mu[i] / k;
      ll += (k - 1) * Math.log(y[i]) - y[i] / scale - org.apache.commons.math3.special.Gamma.logGamma(k)
          - k * Math.log(scale);
    }
    assertEquals(-2 * ll + 2 * (RANK + 1), aic(Family.gamma(), y, mu), 1e-8);

    assertTrue(Double.isNaN(aic(Family.tweedie(1.5), y, mu)), "tweedie has no AIC");
  }

  @Test
  void namesStartingMeanAndCapabilities() {
    for (String name : Family.names()) {
      assertEquals(name, Family.parse(name, 1.5).name());
    }
    assertEquals(1e-10, Family.binomial().startingMean(0.0), 0.0);
    assertEquals(1 - 1e-10, Family.binomial().startingMean(1.0), 0.0);
    assertEquals(1e-10, Family.poisson().startingMean(0.0), 0.0);
    assertEquals(-3.0, Family.gaussian().startingMean(-3.0), 0.0);
    for (String name : Family.names()) {
      Family f = Family.parse(name, 1.5, 2.0);
      assertTrue(Double.isFinite(GlmLoss.of(f, f.defaultLink()).linkOf(f.startingMean(0.0))), name);
      assertEquals(name.equals("tweedie"), f.takesVariancePower(), name);
      assertEquals(name.equals("binomial"), f.predictsProbability(), name);
      assertEquals(name.equals("gaussian"), f.hasUnitVariance(), name);
    }
    assertEquals(0.25, GlmLoss.of(Family.binomial(), Link.LOGIT).curvatureBound(), 0.0);
    assertEquals(1.0, GlmLoss.of(Family.gaussian(), Link.IDENTITY).curvatureBound(), 0.0);
    assertTrue(Double.isNaN(GlmLoss.of(Family.binomial(), Link.PROBIT).curvatureBound()));
    assertTrue(GlmLoss.of(Family.gaussian(), Link.IDENTITY).isQuadratic());
    assertFalse(GlmLoss.of(Family.gaussian(), Link.LOG).isQuadratic());
  }
}
