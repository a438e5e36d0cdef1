package io.sparkglm.admm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.penalty.Penalty;
import org.junit.jupiter.api.Test;

/**
 * The spectral rule ({@code adaptiveRho=spectral}, {@link SpectralPenalty}) against its closed form on one block
 * (N = 1) with a quadratic data term {@code f(x) = (1/2)(x - a)' H (x - a)} solved exactly,
 * {@code x = argmin f(x) + (rho/2)|x - z + u|_M^2}: with {@code H = c M} the secant of the data term is
 * {@code c} times the identity in M's inner product, so both of its spectral steps equal {@code c}; a ridge
 * penalty {@code (lambda/2)|z|^2} in the identity metric has curvature {@code lambda} (at N = 1 the dual
 * {@code y = rho u} equals {@code lambda z}), and rho becomes {@code sqrt(c lambda)}. Over-relaxation (1.5 here)
 * does not change the estimates.
 */
class SpectralPenaltyTest {
  private static final double C = 2.0;
  private static final double[] A = {3.0, -2.0, 0.0};

  private static AdmmSettings spectral(double alpha) {
    return new AdmmSettings(0.1, alpha, 0, 0, AdmmSettings.RhoRule.SPECTRAL, 10, 2, 10, 1e-10, -1, 0, false,
        0.1, false);
  }

  /** Three rounds with exact local solves {@code x = (c a + rho (z - u)) / (c + rho)} (H = c M). */
  private static void threeRounds(Consensus cons) {
    for (int round = 1; round <= 3; round++) {
      double rho = cons.rho();
      double[] z = cons.z();
      double[] u = cons.u(0);
      double[] x = new double[z.length];
      for (int j = 0; j < x.length; j++) {
        x[j] = (C * A[j] + rho * (z[j] - u[j])) / (C + rho);
      }
      cons.update(new double[][] {x});
      if (round < 3) {
        assertEquals(0.1, cons.rho(), 0.0, "no estimate before round 1 + " + SpectralPenalty.UPDATE_EVERY);
      }
    }
  }

  @Test
  void identityMetricRidgeGivesTheGeometricMeanOfBothCurvatures() {
    double lambda = 0.5;
    // Two features and the intercept, fixed at 0 (the intercept is unpenalized: its curvature would be 0).
    Penalty ridge = Penalty.elasticNet(2, lambda, 0.0, null, new boolean[] {false, false, true});
    Consensus cons = new Consensus(ridge, spectral(1.5), 1, new double[3], 0.1);
    threeRounds(cons);
    double[] est = cons.spectralCurvatures();
    assertEquals(C, est[0], 1e-12, "data term");
    assertEquals(lambda, est[1], 1e-12, "penalty");
    assertEquals(Math.sqrt(C * lambda), cons.rho(), 1e-12);
    // The unscaled dual y = rho u is kept across the change of rho: y = lambda z (ridge, N = 1).
    for (int j = 0; j < 2; j++) {
      assertEquals(lambda * cons.z()[j], cons.rho() * cons.u(0)[j], 1e-12, "y = lambda z, coordinate " + j);
    }
  }

  @Test
  void hessianMetricDataCurvatureIsMeasuredRelativeToTheMetric() {
    // M = [[4, 1, 0], [1, 3, 0], [0, 0, 1]], H = c M; unpenalized: no penalty curvature, rho becomes c.
    Metric m = Metric.ofMatrix(new double[] {4, 1, 0, 1, 3, 0, 0, 0, 1}, 3);
    Consensus cons = new Consensus(Penalty.none(2), spectral(1.0), 1, new double[3], 0.1, m);
    threeRounds(cons);
    double[] est = cons.spectralCurvatures();
    assertEquals(C, est[0], 1e-12, "data term in M's inner product");
    assertTrue(Double.isNaN(est[1]), "unpenalized: the penalty's secant is 0, not trusted: " + est[1]);
    assertEquals(C, cons.rho(), 1e-12);
  }

  @Test
  void uncorrelatedSecantsAreNotTrusted() {
    assertTrue(Double.isNaN(SpectralPenalty.estimate(0.1, 1.0, 1.0)), "correlation 0.1 < 0.2");
    assertTrue(Double.isNaN(SpectralPenalty.estimate(-1.0, 1.0, 1.0)), "negative curvature");
    // Correlation 1: steepest descent = minimum gradient = 2.
    assertEquals(2.0, SpectralPenalty.estimate(2.0, 1.0, 4.0), 1e-15);
    // a_SD = 4 > 2 a_MG = 2: the hybrid a_SD - a_MG/2 = 3.5.
    assertEquals(3.5, SpectralPenalty.estimate(1.0, 1.0, 4.0), 1e-15);
  }

  /**
   * A resumed fit takes the same steps: a consensus restored from round 2's checkpoint and driven by the same local
   * solutions reaches round 3's spectral rho (and consensus) exactly as the uninterrupted one.
   */
  @Test
  void theCheckpointCarriesTheSpectralReference() {
    Penalty ridge = Penalty.elasticNet(2, 0.5, 0.0, null, new boolean[] {false, false, true});
    Consensus whole = new Consensus(ridge, spectral(1.5), 1, new double[3], 0.1);
    Consensus resumed = new Consensus(ridge, spectral(1.5), 1, new double[3], 0.1);
    double[][] warm = null;
    for (int round = 1; round <= 3; round++) {
      double[] x = localSolve(whole);
      if (round == 3) {
        warm = resumed.restore(whole.state("admm", 2, new double[][] {x}, 1.0, 1.0));
      }
      whole.update(new double[][] {x});
    }
    resumed.update(new double[][] {warm[0]});
    assertTrue(whole.rho() != 0.1, "rho moved at round 3");
    assertEquals(whole.rho(), resumed.rho(), 0.0);
    assertEquals(whole.z()[0], resumed.z()[0], 0.0);
    assertEquals(whole.z()[1], resumed.z()[1], 0.0);
  }

  private static double[] localSolve(Consensus cons) {
    double rho = cons.rho();
    double[] z = cons.z();
    double[] u = cons.u(0);
    double[] x = new double[z.length];
    for (int j = 0; j < x.length; j++) {
      x[j] = (C * A[j] + rho * (z[j] - u[j])) / (C + rho);
    }
    return x;
  }
}
