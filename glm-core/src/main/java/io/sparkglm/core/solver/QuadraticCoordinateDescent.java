package io.sparkglm.core.solver;

import io.sparkglm.core.penalty.Penalty;

/**
 * Minimizes the proximal-Newton model of {@code F} around {@code x} over {@code z}:
 * <pre>
 *   q(z) = g'(z - x) + 1/2 (z - x)' H (z - x) + P(z)
 * </pre>
 * by cyclic coordinate descent with an active set (Friedman, Hastie and Tibshirani 2010, "Regularization
 * Paths for Generalized Linear Models via Coordinate Descent", section 2): a full sweep, then sweeps over
 * the non-zero coordinates until they settle, then a full sweep to confirm. Each coordinate update is
 * exact: {@code z_j = S(H_jj z_j - (g_j + (H(z-x))_j), l1_j) / (H_jj + l2_j)}, clipped to the coordinate's box
 * when the penalty has bounds (the exact minimizer of a convex function of one variable over an interval), and
 * the vector
 * {@code H(z - x)} is kept up to date in O(d) per change. Works on the gathered {@code d x d} Hessian on the
 * driver: no data pass.
 */
final class QuadraticCoordinateDescent {
  private QuadraticCoordinateDescent() {
  }

  /**
   * @param h full row-major d x d Hessian (fixed coordinates have identity rows); not modified
   * @param g gradient of the data term at x; not modified
   * @param x current point; not modified
   * @param tol stop when the largest coordinate change, scaled by {@code sqrt(H_jj)}, is below this
   * @param maxSweeps sweep limit
   * @return the minimizer z (a new array)
   */
  static double[] minimize(double[] h, double[] g, double[] x, Penalty penalty, double tol, int maxSweeps) {
    int d = x.length;
    double[] z = x.clone();
    double[] hd = new double[d];
    boolean[] active = new boolean[d];
    int sweeps = 0;
    while (sweeps < maxSweeps) {
      double change = sweep(h, g, x, z, hd, penalty, null);
      sweeps++;
      if (change <= tol) {
        break;
      }
      for (int j = 0; j < d; j++) {
        active[j] = z[j] != 0.0 && !penalty.atBound(j, z[j]);
      }
      while (sweeps < maxSweeps) {
        double inner = sweep(h, g, x, z, hd, penalty, active);
        sweeps++;
        if (inner <= tol) {
          break;
        }
      }
    }
    return z;
  }

  private static double sweep(double[] h, double[] g, double[] x, double[] z, double[] hd, Penalty penalty,
      boolean[] active) {
    int d = z.length;
    double maxChange = 0.0;
    for (int j = 0; j < d; j++) {
      if (penalty.isFixed(j) || (active != null && !active[j])) {
        continue;
      }
      double hjj = h[j * d + j];
      double denom = hjj + penalty.l2(j);
      if (!(denom > 0)) {
        continue;
      }
      double u = hjj * z[j] - (g[j] + hd[j]);
      double zj = penalty.clip(j, Penalty.softThreshold(u, penalty.l1(j)) / denom);
      double delta = zj - z[j];
      if (delta != 0.0) {
        z[j] = zj;
        int row = j * d;
        for (int k = 0; k < d; k++) {
          hd[k] += h[row + k] * delta;
        }
        double scaled = Math.abs(delta) * Math.sqrt(denom);
        if (scaled > maxChange) {
          maxChange = scaled;
        }
      }
    }
    return maxChange;
  }
}
