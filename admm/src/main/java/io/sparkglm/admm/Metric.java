package io.sparkglm.admm;

import java.io.Serializable;

/**
 * The metric {@code M} of the augmented Lagrangian, {@code (rho/2) |b - z + u|_M^2} with {@code |x|_M^2 = x'Mx}
 * (Giselsson and Boyd 2017, "Linear Convergence and Metric Selection for Douglas-Rachford Splitting and ADMM",
 * IEEE TAC 62(2)): ADMM in the metric {@code M} is ADMM in the variables {@code w = L'b} ({@code M = LL'}), so
 * with {@code M} the data term's Hessian at the start the iteration no longer sees the problem's conditioning
 * (correlated or badly scaled features), only how far the Hessian moves from its starting value and how the
 * partitions differ. The identity metric is plain ADMM.
 *
 * <p>Built from the summed partition Hessians at the start (solver variables, intercept last; fixed coordinates
 * carry identity rows), with a ridge of {@value #RIDGE} times the mean diagonal so that {@code M} is positive
 * definite when columns are collinear; Cholesky-factored once. Immutable; {@code (p+1)^2} doubles, broadcast once
 * per fit.
 */
public final class Metric implements Serializable {
  private static final long serialVersionUID = 1L;
  /** Relative ridge added to the Hessian (times its mean diagonal). */
  public static final double RIDGE = 1e-6;

  private final int dim;
  private final double[] m;
  private final double[] chol;

  private Metric(int dim, double[] m, double[] chol) {
    this.dim = dim;
    this.m = m;
    this.chol = chol;
  }

  /** The identity metric (plain ADMM). */
  public static Metric identity(int dim) {
    return new Metric(dim, null, null);
  }

  /**
   * {@code M = H + RIDGE * mean(diag H) * I}, identity rows and columns at {@code fixed} coordinates; the identity
   * metric if {@code H} is not finite or does not factor.
   *
   * @param hessian row-major {@code dim x dim}, symmetric; not modified
   */
  public static Metric of(double[] hessian, boolean[] fixed) {
    int d = fixed.length;
    double[] m = hessian.clone();
    double trace = 0.0;
    int free = 0;
    for (int i = 0; i < d; i++) {
      if (!fixed[i]) {
        trace += m[i * d + i];
        free++;
      }
    }
    double ridge = RIDGE * (free > 0 && trace > 0 ? trace / free : 1.0);
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        if (fixed[i] || fixed[j]) {
          m[i * d + j] = i == j ? 1.0 : 0.0;
        }
      }
      if (!fixed[i]) {
        m[i * d + i] += ridge;
      }
    }
    for (double v : m) {
      if (!Double.isFinite(v)) {
        return identity(d);
      }
    }
    double[] l = cholesky(m, d);
    return l == null ? identity(d) : new Metric(d, m, l);
  }

  /** {@code M} itself (row-major, a copy), for checkpoints; {@code null} for the identity. */
  public double[] matrix() {
    return m == null ? null : m.clone();
  }

  /** The metric of a saved {@link #matrix()} (no ridge added); the identity for {@code null}. */
  public static Metric ofMatrix(double[] matrix, int dim) {
    if (matrix == null) {
      return identity(dim);
    }
    double[] l = cholesky(matrix, dim);
    if (l == null) {
      throw new IllegalArgumentException("saved ADMM metric is not positive definite");
    }
    return new Metric(dim, matrix.clone(), l);
  }

  /** {@code M^-1 x} (a new array). */
  public double[] solve(double[] x) {
    return m == null ? x.clone() : backward(chol, forward(chol, x, dim), dim);
  }

  /** Whether this is the identity. */
  public boolean isIdentity() {
    return m == null;
  }

  /** The dimension. */
  public int dimension() {
    return dim;
  }

  /** Entry {@code (i, j)} of {@code M}. */
  double entry(int i, int j) {
    return m == null ? (i == j ? 1.0 : 0.0) : m[i * dim + j];
  }

  /** {@code Mx} (a new array; x not modified). */
  public double[] apply(double[] x) {
    if (m == null) {
      return x.clone();
    }
    double[] y = new double[dim];
    for (int i = 0; i < dim; i++) {
      double s = 0.0;
      int off = i * dim;
      for (int j = 0; j < dim; j++) {
        s += m[off + j] * x[j];
      }
      y[i] = s;
    }
    return y;
  }

  /** {@code x'Mx}. */
  public double normSquared(double[] x) {
    if (m == null) {
      double s = 0.0;
      for (double v : x) {
        s += v * v;
      }
      return s;
    }
    double[] mx = apply(x);
    double s = 0.0;
    for (int j = 0; j < dim; j++) {
      s += x[j] * mx[j];
    }
    return s;
  }

  /** {@code rho M} added into the row-major Hessian {@code h} (modified). */
  public void addScaledInto(double rho, double[] h) {
    if (m == null) {
      for (int j = 0; j < dim; j++) {
        h[j * dim + j] += rho;
      }
      return;
    }
    for (int k = 0; k < m.length; k++) {
      h[k] += rho * m[k];
    }
  }

  /** {@code L^-1 x} (forward substitution, a new array); x itself for the identity. */
  double[] solveLower(double[] x) {
    return m == null ? x.clone() : forward(chol, x, dim);
  }

  /** {@code L^-T x} (back substitution, a new array); x itself for the identity. */
  double[] solveUpper(double[] x) {
    return m == null ? x.clone() : backward(chol, x, dim);
  }

  /**
   * The lower Cholesky factor of row-major symmetric {@code a} (a new array), or {@code null} if not positive
   * definite.
   */
  static double[] cholesky(double[] a, int d) {
    double[] l = new double[d * d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j <= i; j++) {
        double s = a[i * d + j];
        for (int k = 0; k < j; k++) {
          s -= l[i * d + k] * l[j * d + k];
        }
        if (i == j) {
          if (!(s > 1e-300) || !(s > 1e-15 * Math.abs(a[i * d + i]))) {
            return null;
          }
          l[i * d + i] = Math.sqrt(s);
        } else {
          l[i * d + j] = s / l[j * d + j];
        }
      }
    }
    return l;
  }

  /** {@code L^-1 r} for a lower factor {@code l} (a new array). */
  static double[] forward(double[] l, double[] r, int d) {
    return io.sparkglm.core.solver.DenseCholesky.forward(l, r, d);
  }

  /** {@code L^-T y} for a lower factor {@code l} (a new array). */
  static double[] backward(double[] l, double[] y, int d) {
    return io.sparkglm.core.solver.DenseCholesky.backward(l, y, d);
  }
}
