package io.sparkglm.admm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkglm.core.penalty.Penalty;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsensusTest {
  private static AdmmSettings settings(boolean adaptive, double alpha) {
    return settings(adaptive, alpha, false);
  }

  private static AdmmSettings settings(boolean adaptive, double alpha, boolean nesterov) {
    return new AdmmSettings(1.0, alpha, 1e-8, 1e-6, adaptive ? AdmmSettings.RhoRule.BALANCING
        : AdmmSettings.RhoRule.FIXED, 10, 2, 10, 1e-10, -1, 0, false, 0.1, nesterov);
  }

  /**
   * Fast ADMM with restart on one unpenalized block (N = 1, rho = 1, alpha = 1): z = b + u^ and u = 0, so the
   * combined residual is (b - z^)^2. Momentum a: 1, 1.618, 2.194; the second accepted step extrapolates by
   * (1.618 - 1)/2.194; a step whose residual does not fall restarts from the last accepted z.
   */
  @Test
  void nesterovExtrapolatesAcceptedStepsAndRestartsOnAResidualIncrease() {
    Consensus c = new Consensus(Penalty.none(0), settings(false, 1.0, true), 1, new double[1], 1.0);
    c.update(new double[][] {{4.0}});
    assertEquals(4.0, c.z()[0], 1e-15, "first step: a_1 = 1, no momentum");
    c.update(new double[][] {{6.0}});
    double a2 = (1 + Math.sqrt(5)) / 2;
    double a3 = (1 + Math.sqrt(1 + 4 * a2 * a2)) / 2;
    assertEquals(6.0 + (a2 - 1) / a3 * 2.0, c.z()[0], 1e-14, "residual 4 < 16: extrapolated");
    assertEquals(0, c.restarts());
    double hat = c.z()[0];
    c.update(new double[][] {{hat + 10.0}});
    assertEquals(1, c.restarts(), "residual 100 > 4: restart");
    assertEquals(6.0, c.z()[0], 1e-15, "the next round starts from the last accepted z");
    c.update(new double[][] {{6.5}});
    assertEquals(6.5, c.z()[0], 1e-15, "after a restart a = 1 again: no momentum");
  }

  @Test
  void zUpdateIsTheProximalOperatorOfThePenaltyOnTheAverage() {
    // Elastic net lambda=1, alpha=0.5 on one feature; intercept unpenalized. N = 2, rho = 0.5, u = 0.
    Penalty pen = Penalty.elasticNet(1, 1.0, 0.5, null, null);
    Consensus c = new Consensus(pen, settings(false, 1.0), 2, new double[2], 0.5);
    c.update(new double[][] {{3.0, 1.0}, {1.0, 3.0}});
    // mean = (2, 2); N rho = 1: z_0 = S(2, 0.5) / (1 + 0.5) = 1; intercept z_1 = 2.
    assertEquals(1.0, c.z()[0], 1e-15);
    assertEquals(2.0, c.z()[1], 1e-15);
    // u_i = b_i - z
    assertEquals(2.0, c.u(0)[0], 1e-15);
    assertEquals(-1.0, c.u(0)[1], 1e-15);
    assertEquals(Math.sqrt(4 + 1 + 0 + 1), c.primalResidual(), 1e-15);
    assertEquals(0.5 * Math.sqrt(2 * (1 + 4)), c.dualResidual(), 1e-15);
  }

  @Test
  void overRelaxationMixesTheOldConsensus() {
    Consensus c = new Consensus(Penalty.none(1), settings(false, 1.5), 1, new double[] {1, 1}, 1.0);
    c.update(new double[][] {{3.0, 3.0}});
    // bh = 1.5*3 - 0.5*1 = 4; unpenalized: z = mean(bh + u) = 4.
    assertEquals(4.0, c.z()[0], 1e-15);
  }

  @Test
  void residualBalancingRescalesTheDuals() {
    Consensus c = new Consensus(Penalty.none(1), settings(true, 1.0), 2, new double[2], 1.0);
    c.update(new double[][] {{10.0, 0.0}, {-10.0, 0.0}});
    // z = 0, s = 0, r = sqrt(200) > 10 s: rho doubles and u halves.
    assertEquals(2.0, c.rho(), 0.0);
    assertEquals(5.0, c.u(0)[0], 1e-15);
    assertTrue(!c.residualsConverged());
  }

  @Test
  void optionsAreParsedAndValidated() {
    AdmmSettings s = AdmmSettings.parse(Map.of("rho", "0.3", "overRelaxation", "1.2"));
    assertEquals(0.3, s.rho(), 0);
    assertEquals(1.2, s.overRelaxation(), 0);
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> AdmmSettings.parse(Map.of("overRelaxation", "2.5")));
    assertTrue(e.getMessage().contains("2.5"), e.getMessage());
    assertEquals(AdmmSettings.RhoRule.SPECTRAL, AdmmSettings.parse(Map.of()).rhoRule());
    assertEquals(AdmmSettings.RhoRule.BALANCING, AdmmSettings.parse(Map.of("adaptiveRho", "true")).rhoRule());
    assertEquals(AdmmSettings.RhoRule.FIXED, AdmmSettings.parse(Map.of("adaptiveRho", "false")).rhoRule());
    assertEquals(AdmmSettings.RhoRule.SPECTRAL, AdmmSettings.parse(Map.of("adaptiveRho", "spectral")).rhoRule());
    e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> AdmmSettings.parse(Map.of("adaptiveRho", "yes")));
    assertTrue(e.getMessage().contains("'yes'"), e.getMessage());
  }
}
