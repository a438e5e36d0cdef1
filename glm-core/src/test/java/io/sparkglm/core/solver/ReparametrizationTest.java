package io.sparkglm.core.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ReparametrizationTest {
  private final Reparametrization map = new Reparametrization(new double[] {2.0, 0.5, 3.0},
      new double[] {1.0, -2.0, 0.25});

  /** f(b) = 1/2 b'Ab + r'b on R^4, with its gradient and Hessian. */
  private static final double[] A = {
      4, 1, 0.5, 0.2,
      1, 3, 0.1, 0.4,
      0.5, 0.1, 2, 0.3,
      0.2, 0.4, 0.3, 5};
  private static final double[] R = {1, -2, 0.5, 0.3};

  private static double f(double[] b) {
    double s = 0;
    for (int i = 0; i < 4; i++) {
      s += R[i] * b[i];
      for (int j = 0; j < 4; j++) {
        s += 0.5 * b[i] * A[i * 4 + j] * b[j];
      }
    }
    return s;
  }

  private static double[] grad(double[] b) {
    double[] g = R.clone();
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        g[i] += A[i * 4 + j] * b[j];
      }
    }
    return g;
  }

  @Test
  void roundTrip() {
    double[] c = {0.3, -1.2, 2.0, 0.7};
    double[] back = map.fromOriginal(map.toOriginal(c));
    for (int j = 0; j < 4; j++) {
      assertEquals(c[j], back[j], 1e-14);
    }
  }

  @Test
  void linearPredictorIsPreserved() {
    double[] c = {0.3, -1.2, 2.0, 0.7};
    double[] b = map.toOriginal(c);
    double[] x = {1.5, -0.5, 4.0};
    double etaB = b[3];
    double etaC = c[3];
    double[] s = {2.0, 0.5, 3.0};
    double[] m = {1.0, -2.0, 0.25};
    for (int j = 0; j < 3; j++) {
      etaB += x[j] * b[j];
      etaC += (x[j] - m[j]) / s[j] * c[j];
    }
    assertEquals(etaB, etaC, 1e-13);
  }

  @Test
  void gradientAndHessianMapsMatchFiniteDifferences() {
    double[] c = {0.3, -1.2, 2.0, 0.7};
    double[] gc = map.gradientToScaled(grad(map.toOriginal(c)));
    double[] hc = map.hessianToScaled(A);
    double h = 1e-6;
    for (int j = 0; j < 4; j++) {
      double[] up = c.clone();
      double[] dn = c.clone();
      up[j] += h;
      dn[j] -= h;
      assertEquals((f(map.toOriginal(up)) - f(map.toOriginal(dn))) / (2 * h), gc[j], 1e-7, "gradient " + j);
      double[] gu = map.gradientToScaled(grad(map.toOriginal(up)));
      double[] gd = map.gradientToScaled(grad(map.toOriginal(dn)));
      for (int k = 0; k < 4; k++) {
        assertEquals((gu[k] - gd[k]) / (2 * h), hc[j * 4 + k], 1e-6, "hessian " + j + "," + k);
      }
    }
  }

  @Test
  void rejectsNonPositiveScale() {
    assertThrows(IllegalArgumentException.class, () -> new Reparametrization(new double[] {1, 0}, null));
  }
}
