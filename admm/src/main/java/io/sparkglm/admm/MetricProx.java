package io.sparkglm.admm;

import io.sparkglm.core.penalty.Penalty;

/**
 * The consensus z-update in a metric {@code M} ({@link Metric}):
 * <pre>
 *   z = argmin_z P(z) + (s/2) (z - m)' M (z - m)        (s = N rho, m the mean of b_i + u_i)
 * </pre>
 * with {@code P} the elastic net (per-coordinate weights {@code l1_j}, {@code l2_j}; intercept unpenalized; fixed
 * coordinates 0). With the identity metric this is coordinate-wise soft-thresholding
 * ({@link Consensus#proximalAverage}). Otherwise a small lasso QP on the driver, solved exactly: the active set
 * and signs of the previous z (warm start) are tried first by one Cholesky solve of
 * {@code (s M_AA + diag(l2_A)) z_A = s (Mm)_A - l1_A sign(z_A)} (for the step from m), accepted when the signs
 * hold and every inactive
 * coordinate satisfies {@code |s (M(z - m))_j| <= l1_j}; otherwise coordinate-descent sweeps (Friedman et al. 2010)
 * move the active set and the solve is tried again. Near convergence the active set no longer changes and one
 * (cached) factorization per rho serves every iteration.
 *
 * <p>With coefficient bounds the z-update is a box-constrained QP: coordinates at a bound leave the active set
 * and are held there (like the zeros of the lasso), the candidate must lie in the box, and a coordinate at its
 * lower (upper) bound must have a subgradient whose upper (lower) end is {@code >= 0} ({@code <= 0}); the sweeps
 * clip each coordinate update to its box. Mutable (the cache); driver-side, not thread-safe.
 */
public final class MetricProx {
  private static final int SWEEPS_PER_ATTEMPT = 20;
  private static final int ATTEMPTS = 60;

  private final Penalty penalty;
  private final Metric metric;
  private final int dim;
  private boolean[] cachedActive;
  private double cachedScale = Double.NaN;
  private double[] cachedChol;
  private int[] cachedIndex;

  public MetricProx(Penalty penalty, Metric metric) {
    this.penalty = penalty;
    this.metric = metric;
    this.dim = metric.dimension();
  }

  /**
   * The z-update.
   *
   * @param mean m; not modified
   * @param scale s = N rho
   * @param warm the previous z (its active set and signs are tried first); not modified
   * @return a new array
   */
  public double[] solve(double[] mean, double scale, double[] warm) {
    if (metric.isIdentity()) {
      return Consensus.proximalAverage(penalty, mean, scale);
    }
    double[] mm = metric.apply(mean);
    double[] z = new double[dim];
    for (int j = 0; j < dim; j++) {
      z[j] = penalty.isFixed(j) ? 0.0 : warm[j];
    }
    penalty.projectInPlace(z);
    if (penalty.isSmooth()) {
      double[] exact = activeSolve(active(z, true), z, mean, scale);
      if (exact != null) {
        return exact;
      }
      return sweeps(z, mm, scale, ATTEMPTS * SWEEPS_PER_ATTEMPT);
    }
    double[] candidate = activeSolve(active(z, false), z, mean, scale);
    if (candidate != null && optimal(candidate, z, mm, scale)) {
      return candidate;
    }
    // The warm active set is wrong: sweep until the active set holds still for a chunk of sweeps, then solve on it.
    boolean[] last = active(z, false);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      z = sweeps(z, mm, scale, SWEEPS_PER_ATTEMPT);
      boolean[] now = active(z, false);
      if (java.util.Arrays.equals(now, last) || attempt == ATTEMPTS - 1) {
        candidate = activeSolve(now, z, mean, scale);
        if (candidate != null && optimal(candidate, z, mm, scale)) {
          return candidate;
        }
      }
      last = now;
    }
    return z;
  }

  /**
   * Free coordinates not at a bound that are unpenalized by L1 or nonzero in {@code z} (all free ones not at a
   * bound when {@code all}).
   */
  private boolean[] active(double[] z, boolean all) {
    boolean[] a = new boolean[dim];
    for (int j = 0; j < dim; j++) {
      a[j] = !penalty.isFixed(j) && !penalty.atBound(j, z[j]) && (all || penalty.l1(j) == 0.0 || z[j] != 0.0);
    }
    return a;
  }

  /**
   * The stationary point on the active set with the signs of {@code signs}, the other coordinates held at their
   * value in {@code signs} when that is a bound and at 0 otherwise; null if the system does not factor.
   */
  private double[] activeSolve(boolean[] active, double[] signs, double[] mean, double scale) {
    if (!(scale == cachedScale) || !java.util.Arrays.equals(active, cachedActive)) {
      int k = 0;
      for (boolean b : active) {
        k += b ? 1 : 0;
      }
      int[] index = new int[k];
      k = 0;
      for (int j = 0; j < dim; j++) {
        if (active[j]) {
          index[k++] = j;
        }
      }
      double[] a = new double[k * k];
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < k; c++) {
          a[r * k + c] = scale * metric.entry(index[r], index[c]) + (r == c ? penalty.l2(index[r]) : 0.0);
        }
      }
      cachedChol = Metric.cholesky(a, k);
      cachedActive = active.clone();
      cachedScale = scale;
      cachedIndex = index;
    }
    if (cachedChol == null) {
      return null;
    }
    // Solved for the step d_A = z_A - m_A (z = 0 off A): (s M_AA + L2_A) d_A = s (M m_off)_A - L2_A m_A - l1_A sign,
    // so that rounding errors scale with |d|, not with |z| times the condition number of M.
    double[] off = mean.clone();
    double[] held = new double[dim];
    for (int j = 0; j < dim; j++) {
      held[j] = penalty.atBound(j, signs[j]) ? signs[j] : 0.0;
      off[j] -= held[j];
    }
    for (int j : cachedIndex) {
      off[j] = 0.0;
      held[j] = 0.0;
    }
    double[] mOff = metric.apply(off);
    int k = cachedIndex.length;
    double[] rhs = new double[k];
    for (int r = 0; r < k; r++) {
      int j = cachedIndex[r];
      rhs[r] = scale * mOff[j] - penalty.l2(j) * mean[j] - penalty.l1(j) * Math.signum(signs[j]);
    }
    double[] x = Metric.backward(cachedChol, Metric.forward(cachedChol, rhs, k), k);
    double[] z = held;
    for (int r = 0; r < k; r++) {
      z[cachedIndex[r]] = mean[cachedIndex[r]] + x[r];
    }
    return z;
  }

  /**
   * Whether {@code z} keeps the signs of {@code signs} on its L1-penalized active set, lies in the box, and the KKT
   * conditions hold at its zeros and bounds.
   */
  private boolean optimal(double[] z, double[] signs, double[] mm, double scale) {
    double[] mz = metric.apply(z);
    for (int j = 0; j < dim; j++) {
      if (penalty.isFixed(j)) {
        continue;
      }
      double l1 = penalty.l1(j);
      double g = scale * (mz[j] - mm[j]) + penalty.l2(j) * z[j];
      double slack = 1e-12 * Math.max(l1, scale * (Math.abs(mz[j]) + Math.abs(mm[j])));
      if (penalty.atBound(j, signs[j])) {
        // Held at a bound: the subgradient may point outward only (its upper end >= 0 at the lower bound).
        double sign = z[j] > 0 ? 1.0 : z[j] < 0 ? -1.0 : 0.0;
        double low = g + l1 * (sign == 0.0 ? -1.0 : sign);
        double high = g + l1 * (sign == 0.0 ? 1.0 : sign);
        if (z[j] == penalty.lower(j) && high < -slack || z[j] == penalty.upper(j) && low > slack) {
          return false;
        }
        continue;
      }
      if (penalty.clip(j, z[j]) != z[j]) {
        return false;
      }
      if (l1 == 0.0) {
        continue;
      }
      if (signs[j] != 0.0) {
        if (Math.signum(z[j]) != Math.signum(signs[j])) {
          return false;
        }
      } else if (Math.abs(g) > l1 * (1 + 1e-12)) {
        return false;
      }
    }
    return true;
  }

  /** Coordinate-descent sweeps from {@code z} (a new array). */
  private double[] sweeps(double[] start, double[] mm, double scale, int count) {
    double[] z = start.clone();
    double[] q = metric.apply(z);
    for (int j = 0; j < dim; j++) {
      q[j] -= mm[j];
    }
    for (int sweep = 0; sweep < count; sweep++) {
      double change = 0.0;
      for (int j = 0; j < dim; j++) {
        if (penalty.isFixed(j)) {
          continue;
        }
        double mjj = metric.entry(j, j);
        double a = scale * mjj + penalty.l2(j);
        double c = scale * mjj * z[j] - scale * q[j];
        double zj = penalty.clip(j, Penalty.softThreshold(c, penalty.l1(j)) / a);
        double delta = zj - z[j];
        if (delta != 0.0) {
          z[j] = zj;
          for (int i = 0; i < dim; i++) {
            q[i] += metric.entry(i, j) * delta;
          }
          change = Math.max(change, Math.abs(delta) * Math.sqrt(a));
        }
      }
      if (change == 0.0) {
        break;
      }
    }
    return z;
  }
}
