package io.sparkglm.core.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reference values computed with mpmath 1.3 at 40 digits ({@code mp.ncdf}, {@code mp.erfc}). */
class StandardNormalTest {

  private static void assertRel(double expected, double actual, double rel) {
    assertTrue(Math.abs(expected - actual) <= rel * Math.abs(expected),
        () -> "expected " + expected + ", got " + actual);
  }

  @Test
  void cdfMatchesReferenceValues() {
    assertRel(0.9750021048517795, StandardNormal.cdf(1.96), 1e-15);
    assertRel(2.866515718791939e-07, StandardNormal.cdf(-5), 1e-14);
    assertRel(7.619853024160527e-24, StandardNormal.cdf(-10), 1e-14);
    assertRel(0.38208857781104737, StandardNormal.cdf(-0.3), 1e-15);
    assertRel(0.6914624612740131, StandardNormal.cdf(0.5), 1e-15);
    assertRel(0.25369409838973994, StandardNormal.cdf(-0.66291), 1e-14);
    assertRel(0.022750131948179207, StandardNormal.cdf(-2), 1e-14);
    assertRel(8.0223918506634976e-9, StandardNormal.cdf(-5.65), 1e-14);
    assertRel(5.9903714010635282e-9, StandardNormal.cdf(-5.7), 1e-14);
    assertRel(2.7536241186062337e-89, StandardNormal.cdf(-20), 1e-14);
    assertRel(5.7255712225245768e-300, StandardNormal.cdf(-37), 1e-13);
    assertEquals(0.5, StandardNormal.cdf(0.0));
    assertEquals(0.0, StandardNormal.cdf(Double.NEGATIVE_INFINITY));
    assertEquals(1.0, StandardNormal.cdf(Double.POSITIVE_INFINITY));
  }

  @Test
  void logCdfIsAccurateFarBeyondUnderflow() {
    assertRel(-745.69527029041108, StandardNormal.logCdf(-38.5), 1e-15);
    assertRel(-804.60844201375379, StandardNormal.logCdf(-40), 1e-15);
    assertRel(-1254.8313611394199, StandardNormal.logCdf(-50), 1e-15);
    assertRel(-5005.5242086942051, StandardNormal.logCdf(-100), 1e-15);
    assertRel(-45006.622732118663, StandardNormal.logCdf(-300), 1e-15);
    assertRel(-245007.47002090905, StandardNormal.logCdf(-700), 1e-15);
    assertRel(-50000010.129278915, StandardNormal.logCdf(-1e4), 1e-15);
    assertRel(-0.0013508099647481938, StandardNormal.logCdf(3), 1e-14);
    assertRel(-7.6198530241605261e-24, StandardNormal.logCdf(10), 1e-14);
  }

  /** log Phi(x) = -x^2/2 - log(-x) - log sqrt(2 pi) + log(1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8 - ...). */
  @Test
  void logCdfMatchesTheAsymptoticSeriesInTheLowerTail() {
    for (double x : new double[] {-40, -55, -120, -300, -700}) {
      double s = 1.0 / (x * x);
      double series = 1 - s * (1 - 3 * s * (1 - 5 * s * (1 - 7 * s * (1 - 9 * s))));
      double asymptotic = -0.5 * x * x - Math.log(-x) - StandardNormal.LOG_SQRT_2PI + Math.log(series);
      assertRel(asymptotic, StandardNormal.logCdf(x), 1e-14);
    }
  }

  @Test
  void densityOverCdfMatchesReferenceValues() {
    assertRel(700.00142856559773, StandardNormal.densityOverCdf(-700), 1e-14);
    assertRel(40.024968847207264, StandardNormal.densityOverCdf(-40), 1e-14);
    assertRel(3.2830986549304365, StandardNormal.densityOverCdf(-3), 1e-14);
    assertRel(0.79788456080286536, StandardNormal.densityOverCdf(0), 1e-15);
    assertRel(0.055247862678989959, StandardNormal.densityOverCdf(2), 1e-14);
    assertRel(1.4736461348785475e-196, StandardNormal.densityOverCdf(30), 1e-13);
  }

  @Test
  void erfcMatchesReferenceValues() {
    assertRel(0.8875370839817151, StandardNormal.erfc(0.1), 1e-15);
    assertRel(0.15729920705028513, StandardNormal.erfc(1), 1e-15);
    assertRel(2.2090496998585441e-5, StandardNormal.erfc(3), 1e-14);
    assertRel(2.0884875837625448e-45, StandardNormal.erfc(10), 1e-13);
    assertRel(2.0 - 0.15729920705028513, StandardNormal.erfc(-1), 1e-15);
  }

  @Test
  void quantileMatchesReferenceValuesAndInvertsTheCdf() {
    assertRel(1.9599639845400539, StandardNormal.quantile(0.975), 1e-15);
    assertRel(-6.3613409024040562, StandardNormal.quantile(1e-10), 1e-15);
    assertRel(-0.52440051270804082, StandardNormal.quantile(0.3), 1e-15);
    assertRel(3.0902323061678133, StandardNormal.quantile(0.999), 1e-14);
    for (double p : new double[] {1e-300, 1e-100, 1e-20, 1e-5, 0.01, 0.1, 0.25, 0.4999, 0.5001, 0.7, 0.9, 0.99}) {
      // Phi(x) changes by a relative x * r(x) ~ x^2 per unit of x: allow a few ulps of x.
      double x = StandardNormal.quantile(p);
      assertRel(p, StandardNormal.cdf(x), 4e-16 * (4.0 + x * x));
    }
    assertEquals(0.0, StandardNormal.quantile(0.5));
    assertEquals(Double.NEGATIVE_INFINITY, StandardNormal.quantile(0.0));
    assertEquals(Double.POSITIVE_INFINITY, StandardNormal.quantile(1.0));
    assertTrue(Double.isNaN(StandardNormal.quantile(1.5)));
  }

  @Test
  void densityIsSymmetricAndNormalized() {
    assertRel(StandardNormal.INV_SQRT_2PI, StandardNormal.density(0), 1e-16);
    assertEquals(StandardNormal.density(1.3), StandardNormal.density(-1.3));
    assertRel(Math.exp(-0.5 * 1.3 * 1.3) * StandardNormal.INV_SQRT_2PI, StandardNormal.density(1.3), 1e-15);
    assertEquals(0.0, StandardNormal.density(Double.POSITIVE_INFINITY));
  }
}
