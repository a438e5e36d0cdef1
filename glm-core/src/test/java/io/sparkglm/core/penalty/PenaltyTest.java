package io.sparkglm.core.penalty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PenaltyTest {
  @Test
  void elasticNetValueMatchesDefinition() {
    Penalty p = Penalty.elasticNet(2, 0.5, 0.3, null, null);
    double[] b = {1.0, -2.0, 7.0};
    double expected = 0.5 * (0.3 * 3.0 + 0.7 / 2 * 5.0);
    assertEquals(expected, p.value(b), 1e-15);
    assertTrue(p.hasL1());
  }

  @Test
  void standardizationFactorsScaleBothParts() {
    Penalty p = Penalty.elasticNet(1, 1.0, 0.5, new double[] {2.0}, null);
    assertEquals(1.0, p.l1(0), 0);
    assertEquals(2.0, p.l2(0), 0);
    Penalty c = p.rescaled(new double[] {2.0});
    assertEquals(0.5, c.l1(0), 1e-15);
    assertEquals(0.5, c.l2(0), 1e-15);
  }

  @Test
  void softThresholdingAndFixedCoordinates() {
    boolean[] fixed = {false, true, false};
    Penalty p = Penalty.elasticNet(2, 1.0, 1.0, null, fixed);
    double[] b = {1.5, 3.0, -0.2};
    p.softThresholdInPlace(b, 0.5);
    assertEquals(1.0, b[0], 0);
    assertEquals(0.0, b[1], 0);
    assertEquals(-0.2, b[2], 0, "the intercept is never thresholded");
  }

  @Test
  void kktViolationIsZeroOnlyAtOptimum() {
    Penalty p = Penalty.elasticNet(2, 1.0, 0.5, null, null);
    // b0 != 0: g + 0.5 b + 0.5 sign(b) = 0 at g = -1, b = 1. b1 = 0 with |g| <= 0.5. Intercept g = 0.
    assertEquals(0.0, p.kktViolation(new double[] {1, 0, 3}, new double[] {-1, 0.4, 0}), 1e-15);
    assertEquals(0.1, p.kktViolation(new double[] {1, 0, 3}, new double[] {-1, 0.6, 0}), 1e-12);
    assertEquals(0.2, p.kktViolation(new double[] {1, 0, 3}, new double[] {-1, 0, 0.2}), 1e-12);
    assertFalse(p.isZero());
    assertTrue(Penalty.none(3).isZero());
  }

  @Test
  void invalidParametersAreRejectedWithTheirValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Penalty.elasticNet(2, 1.0, 1.7, null, null));
    assertTrue(e.getMessage().contains("1.7"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Penalty.elasticNet(2, -1.0, 0.5, null, null));
  }

  @Test
  void proximalStepMinimizesItsDefinition() {
    boolean[] fixed = {false, false, true, false};
    Penalty p = Penalty.elasticNet(3, 0.8, 0.4, new double[] {1.0, 2.0, 1.0}, fixed);
    double t = 0.7;
    double[] v = {0.9, -0.1, 3.0, -2.0};
    double[] u = v.clone();
    p.proximalInPlace(u, t);
    assertEquals(0.0, u[1], 0.0, "small coordinate is exactly zero");
    assertEquals(0.0, u[2], 0.0, "fixed coordinate is zero");
    // The prox minimizes t P(u) + |u - v|^2 / 2: compare against a fine grid per free coordinate.
    for (int j : new int[] {0, 1}) {
      double best = Double.POSITIVE_INFINITY;
      double arg = 0;
      for (double x = -3; x <= 3; x += 1e-4) {
        double[] w = u.clone();
        w[j] = x;
        double f = t * p.value(w) + 0.5 * (x - v[j]) * (x - v[j]);
        if (f < best) {
          best = f;
          arg = x;
        }
      }
      assertEquals(arg, u[j], 2e-4, "coordinate " + j);
    }
    assertEquals(v[3], u[3], 0.0, "intercept is unpenalized");
  }
}
