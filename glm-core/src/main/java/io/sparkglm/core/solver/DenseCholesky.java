package io.sparkglm.core.solver;

/**
 * Solves {@code (A + mu I) x = r} for a symmetric positive semidefinite row-major {@code A}, by Cholesky
 * factorization, raising the damping {@code mu} (Levenberg) until the factorization succeeds. The Newton
 * systems solved here have at most a few thousand unknowns, so the O(d^3/3) factorization is far cheaper
 * than the data pass that produced {@code A}.
 */
public final class DenseCholesky {
  private DenseCholesky() {
  }

  /**
   * Returns {@code x} with {@code (A + mu I) x = r} for the smallest {@code mu} in
   * {@code 0, 1e-12 t, 1e-10 t, ...} (with {@code t = max(1, trace(A)/d)}) that makes the matrix numerically
   * positive definite.
   *
   * @param a row-major d x d, symmetric; not modified
   * @param r length d; not modified
   */
  static double[] solveDamped(double[] a, double[] r, int d) {
    double trace = 0.0;
    for (int j = 0; j < d; j++) {
      trace += a[j * d + j];
    }
    double t = Math.max(1.0, trace / Math.max(1, d));
    double mu = 0.0;
    double[] l = new double[d * d];
    for (int attempt = 0; attempt < 12; attempt++) {
      if (factor(a, mu, l, d)) {
        return substitute(l, r, d);
      }
      mu = mu == 0.0 ? 1e-12 * t : mu * 100;
    }
    throw new IllegalStateException("Newton system is not positive definite even with damping " + mu);
  }

  private static boolean factor(double[] a, double mu, double[] l, int d) {
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i * d + j] + (i == j ? mu : 0.0);
        for (int k = 0; k < j; k++) {
          s -= l[i * d + k] * l[j * d + k];
        }
        if (i == j) {
          if (!(s > 1e-14 * Math.max(1.0, Math.abs(a[i * d + i])))) {
            return false;
          }
          l[i * d + i] = Math.sqrt(s);
        } else {
          l[i * d + j] = s / l[j * d + j];
        }
      }
    }
    return true;
  }

  private static double[] substitute(double[] l, double[] r, int d) {
    return backward(l, forward(l, r, d), d);
  }

  /** {@code L^-1 r} for a row-major lower factor {@code l} (forward substitution, a new array). */
  public static double[] forward(double[] l, double[] r, int d) {
    double[] y = new double[d];
    for (int i = 0; i < d; i++) {
      double s = r[i];
      for (int k = 0; k < i; k++) {
        s -= l[i * d + k] * y[k];
      }
      y[i] = s / l[i * d + i];
    }
    return y;
  }

  /** {@code L^-T y} for a row-major lower factor {@code l} (back substitution, a new array). */
  public static double[] backward(double[] l, double[] y, int d) {
    double[] x = new double[d];
    for (int i = d - 1; i >= 0; i--) {
      double s = y[i];
      for (int k = i + 1; k < d; k++) {
        s -= l[k * d + i] * x[k];
      }
      x[i] = s / l[i * d + i];
    }
    return x;
  }
}
