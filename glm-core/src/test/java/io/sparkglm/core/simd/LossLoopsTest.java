package io.sparkglm.core.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The vectorized loss loops against the scalar ones (random data with extreme eta, zero weights, every tail
 * length) and against {@code Math.exp/log1p} over eta in [-700, 700].
 */
class LossLoopsTest {
  private static final LossLoops VECTOR = LossLoops.best();
  private static final LossLoops SCALAR = LossLoops.scalar();

  @Test
  void vectorLoopsAreSelectedWhenTheModuleIsPresent() {
    boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    assertEquals(present, VECTOR.vectorized(), "surefire runs with --add-modules=jdk.incubator.vector");
    assertEquals(present, DenseGram.best() != DenseGram.scalar(), "dense Gram implementation");
  }

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {0, 1, 2, 7, 8, 9, 15, 16, 17, 33, 4096})
  void vectorEqualsScalarOnRandomData(int n) {
    Random rnd = new Random(n);
    double[] eta = new double[n];
    double[] y01 = new double[n];
    double[] counts = new double[n];
    double[] w = new double[n];
    double[] extremes = {-700, -40, -1e-300, -0.0, 0.0, 1e-300, 40, 700};
    for (int i = 0; i < n; i++) {
      eta[i] = rnd.nextInt(5) == 0 ? extremes[rnd.nextInt(extremes.length)] : rnd.nextGaussian() * 5;
      y01[i] = rnd.nextBoolean() ? 1 : rnd.nextDouble();
      counts[i] = rnd.nextInt(6);
      w[i] = rnd.nextInt(4) == 0 ? 0.0 : rnd.nextDouble() * 3;
    }
    for (double[] weights : new double[][] {null, w}) {
      for (boolean withD2 : new boolean[] {false, true}) {
        compare(n, weights, withD2, true, y01, eta);
        compare(n, weights, withD2, false, counts, eta);
      }
    }
  }

  private static void compare(int n, double[] w, boolean withD2, boolean binomial, double[] y, double[] eta) {
    double[] d1v = new double[n];
    double[] d1s = new double[n];
    double[] d2v = withD2 ? new double[n] : null;
    double[] d2s = withD2 ? new double[n] : null;
    double sv = binomial ? VECTOR.binomialLogit(y, eta, w, n, d1v, d2v) : VECTOR.poissonLog(y, eta, w, n, d1v, d2v);
    double ss = binomial ? SCALAR.binomialLogit(y, eta, w, n, d1s, d2s) : SCALAR.poissonLog(y, eta, w, n, d1s, d2s);
    double vv = binomial ? VECTOR.binomialLogitValue(y, eta, w, n) : VECTOR.poissonLogValue(y, eta, w, n);
    String what = (binomial ? "binomial" : "poisson") + " n=" + n + " weighted=" + (w != null) + " d2=" + withD2;
    // The sums differ in order only: bound by the sum of absolute terms.
    double scale = absoluteSum(binomial, y, eta, w, n);
    assertTrue(Math.abs(sv - ss) <= 1e-13 * scale, what + ": value " + sv + " vs " + ss);
    assertTrue(Math.abs(vv - ss) <= 1e-13 * scale, what + ": valueSum " + vv + " vs " + ss);
    for (int i = 0; i < n; i++) {
      assertRelative(d1s[i], d1v[i], 1e-13, what + " d1[" + i + "] at eta=" + eta[i]);
      if (withD2) {
        assertRelative(d2s[i], d2v[i], 1e-13, what + " d2[" + i + "] at eta=" + eta[i]);
      }
      if (w != null && w[i] == 0.0) {
        assertEquals(0.0, d1v[i], 0.0, what + " zero weight writes zero");
      }
    }
  }

  private static double absoluteSum(boolean binomial, double[] y, double[] eta, double[] w, int n) {
    double s = Double.MIN_NORMAL;
    for (int i = 0; i < n; i++) {
      double wi = w == null ? 1 : w[i];
      double t = eta[i];
      s += wi * (binomial ? Math.abs(t) + Math.log1p(Math.exp(-Math.abs(t))) + Math.abs(y[i] * t)
          : Math.exp(t) + Math.abs(y[i] * t));
    }
    return s;
  }

  /**
   * Per-row accuracy against {@code Math.exp/log1p} over eta in [-700, 700] with y = 0 (all terms positive, so
   * an 8-row window's value sum has the relative error of its terms): value, gradient and curvature within
   * 1e-14 relative.
   */
  @Test
  void accurateAgainstMathExpAndLog1pOverTheWholeRange() {
    int window = 8;
    int n = 1_400_000 / window * window;
    double[] eta = new double[n];
    for (int i = 0; i < n; i++) {
      eta[i] = -700.0 + 1400.0 * i / (n - 1);
    }
    double[] zeros = new double[window];
    double[] d1 = new double[window];
    double[] d2 = new double[window];
    double[] etaWin = new double[window];
    for (int start = 0; start < n; start += window) {
      System.arraycopy(eta, start, etaWin, 0, window);
      double vb = VECTOR.binomialLogit(zeros, etaWin, null, window, d1, d2);
      double ref = 0;
      for (int k = 0; k < window; k++) {
        double t = etaWin[k];
        double e = Math.exp(-Math.abs(t));
        ref += Math.max(t, 0.0) + Math.log1p(e);
        assertRelative((t >= 0 ? 1.0 : e) / (1 + e), d1[k], 1e-14, "binomial gradient at eta=" + t);
        assertRelative(e / ((1 + e) * (1 + e)), d2[k], 1e-14, "binomial curvature at eta=" + t);
      }
      assertRelative(ref, vb, 1e-14, "binomial value at eta=" + etaWin[0]);
      double vp = VECTOR.poissonLog(zeros, etaWin, null, window, d1, d2);
      ref = 0;
      for (int k = 0; k < window; k++) {
        double mu = Math.exp(etaWin[k]);
        ref += mu;
        assertRelative(mu, d1[k], 1e-14, "poisson gradient at eta=" + etaWin[k]);
        assertRelative(mu, d2[k], 1e-14, "poisson curvature at eta=" + etaWin[k]);
      }
      assertRelative(ref, vp, 1e-14, "poisson value at eta=" + etaWin[0]);
    }
  }

  private static void assertRelative(double expected, double actual, double relTol, String what) {
    double tol = relTol * Math.abs(expected);
    assertTrue(Math.abs(expected - actual) <= tol || (expected == 0.0 && actual == 0.0),
        what + ": expected " + expected + " got " + actual);
  }
}
