package io.sparkglm.core.penalty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Issue 15 (3): the penalty with a box {@code lower_j <= b_j <= upper_j}: its proximal operator is the clipped
 * (soft-thresholded, shrunk) value; its KKT violation is the distance from 0 to the subdifferential plus the box's
 * normal cone, so at a bound the gradient may point outward; bounds scale with the change of variables; a box that
 * is everywhere infinite is no box.
 */
class PenaltyBoundsTest {
  private static final double INF = Double.POSITIVE_INFINITY;

  private static Penalty lassoInBox() {
    // Two features, lasso weight 0.5, L2 weight 0.2 (lambda 1, alpha 0.5 would be 0.5 and 0.5; here separate).
    return Penalty.elasticNet(2, 0.7, 5.0 / 7.0, null, null).withBounds(new double[] {-1.0, 0.25},
        new double[] {2.0, INF});
  }

  @Test
  void theProximalOperatorClipsAfterThresholding() {
    Penalty p = lassoInBox();
    // S(z, t l1) / (1 + t l2) with t = 1: l1 = 0.5, l2 = 0.2, then clipped; the intercept is free.
    double[] b = {4.0, -3.0, 7.0};
    p.proximalInPlace(b, 1.0);
    assertArrayEquals(new double[] {2.0, 0.25, 7.0}, b, 1e-15);
    double[] c = {-3.0, 0.1, -1.0};
    p.proximalInPlace(c, 1.0);
    assertArrayEquals(new double[] {-1.0, 0.25, -1.0}, c, 1e-15);
    double[] d = {1.7, 1.7, 0.0};
    p.softThresholdInPlace(d, 1.0);
    assertArrayEquals(new double[] {1.2, 1.2, 0.0}, d, 1e-15, "inside the box: the plain soft-threshold");
  }

  @Test
  void atABoundTheGradientMayPointOutward() {
    Penalty p = lassoInBox();
    // b_1 at its upper bound 2: the objective decreases further up (g + l2 b + l1 = -5 + 0.4 + 0.5 < 0): optimal.
    assertEquals(0.0, p.kktViolation(new double[] {2.0, 0.5, 0.0}, new double[] {-5.0, -0.6, 0.0}), 1e-15);
    // Pointing inward (g + l2 b + l1 = 0.1 + 0.4 + 0.5 = 1 > 0): the coefficient should come down; violation 1.
    assertEquals(1.0, p.kktViolation(new double[] {2.0, 0.5, 0.0}, new double[] {0.1, -0.6, 0.0}), 1e-15);
    // b_2 at its lower bound 0.25 > 0: only the upper end of its subgradient must be >= 0.
    assertEquals(0.0, p.kktViolation(new double[] {0.0, 0.25, 0.0}, new double[] {0.0, 3.0, 0.0}), 1e-15);
    assertEquals(2.0, p.kktViolation(new double[] {0.0, 0.25, 0.0}, new double[] {0.0, -2.55, 0.0}), 1e-12);
    // Off the bounds, the violation of the unconstrained problem.
    Penalty free = Penalty.elasticNet(2, 0.7, 5.0 / 7.0, null, null);
    double[] b = {0.3, 0.9, 1.0};
    double[] g = {0.2, -1.3, 0.4};
    assertEquals(free.kktViolation(b, g), p.kktViolation(b, g), 0.0);
  }

  @Test
  void aZeroLowerBoundWithTheLassoIsNonNegativity() {
    Penalty p = Penalty.elasticNet(1, 1.0, 1.0, null, null).withBounds(new double[] {0.0}, null);
    // At 0 = lower bound: the subdifferential is (-inf, g + 1]; any g >= -1 is optimal, g = -3 violates by 2.
    assertEquals(0.0, p.kktViolation(new double[] {0.0, 0.0}, new double[] {25.0, 0.0}), 0.0);
    assertEquals(2.0, p.kktViolation(new double[] {0.0, 0.0}, new double[] {-3.0, 0.0}), 0.0);
    assertTrue(p.atBound(0, 0.0));
    assertFalse(p.atBound(1, 0.0), "the intercept is never bounded");
  }

  @Test
  void boundsScaleWithTheChangeOfVariables() {
    Penalty p = lassoInBox().rescaled(new double[] {2.0, 4.0});
    assertEquals(-2.0, p.lower(0));
    assertEquals(4.0, p.upper(0));
    assertEquals(1.0, p.lower(1));
    assertEquals(INF, p.upper(1));
    assertEquals(Double.NEGATIVE_INFINITY, p.lower(2));
  }

  @Test
  void infiniteBoundsAreNoBoundsAndBadBoxesAreRefused() {
    Penalty p = Penalty.elasticNet(2, 0.1, 1.0, null, null);
    Penalty q = p.withBounds(new double[] {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY}, new double[] {INF, INF});
    assertFalse(q.hasBounds());
    assertTrue(p.withBounds(null, new double[] {INF, 1.0}).hasBounds());
    assertFalse(Penalty.none(2).withBounds(null, new double[] {INF, 1.0}).isSmooth());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> p.withBounds(new double[] {0.0, 2.0}, new double[] {1.0, 1.0}));
    assertTrue(e.getMessage().contains("bounds of feature 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> p.withBounds(new double[] {Double.NaN, 0.0}, null));
    assertThrows(IllegalArgumentException.class, () -> p.withBounds(new double[] {INF, 0.0}, null));
    assertThrows(IllegalArgumentException.class, () -> p.withBounds(new double[] {0.0}, null));
  }
}
