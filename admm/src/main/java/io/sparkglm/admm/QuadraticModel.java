package io.sparkglm.admm;

import dev.ludovic.netlib.lapack.LAPACK;
import java.io.Serializable;
import org.netlib.util.intW;

/**
 * An exact quadratic local objective {@code f(b) = f0 + g0'b + 1/2 b'Hb} (the gaussian family with the
 * identity link), factored once as {@code H = Q diag(lambda) Q'} (LAPACK {@code dsyev}) so that the ADMM local
 * update {@code argmin f(b) + rho/2 |b - v|^2 = Q diag(1/(lambda + rho)) Q'(rho v - g0)} costs O(d^2) for any
 * {@code rho}: the factorization survives every change of {@code rho}. Immutable.
 */
final class QuadraticModel implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int dim;
  private final double[] q;
  private final double[] lambda;
  private final double[] g0;

  /**
   * @param hessian full symmetric row-major d x d; not modified
   * @param g0 gradient at 0; copied
   */
  QuadraticModel(double[] hessian, double[] g0) {
    this.dim = g0.length;
    this.q = hessian.clone();
    this.lambda = new double[dim];
    this.g0 = g0.clone();
    intW info = new intW(0);
    double[] query = new double[1];
    LAPACK lapack = LAPACK.getInstance();
    lapack.dsyev("V", "U", dim, q, dim, lambda, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    lapack.dsyev("V", "U", dim, q, dim, lambda, work, work.length, info);
    if (info.val != 0) {
      throw new IllegalStateException("eigendecomposition of the local Hessian failed (LAPACK dsyev info="
          + info.val + ")");
    }
    for (int j = 0; j < dim; j++) {
      lambda[j] = Math.max(0.0, lambda[j]);
    }
  }

  /** {@code argmin_b f(b) + rho/2 |b - v|^2} (a new array). */
  double[] proximalMinimizer(double[] v, double rho) {
    double[] r = new double[dim];
    for (int j = 0; j < dim; j++) {
      r[j] = rho * v[j] - g0[j];
    }
    // q holds the eigenvectors column-major: vector k is q[k*dim .. k*dim+dim).
    double[] coeff = new double[dim];
    for (int k = 0; k < dim; k++) {
      double s = 0.0;
      int off = k * dim;
      for (int j = 0; j < dim; j++) {
        s += q[off + j] * r[j];
      }
      coeff[k] = s / (lambda[k] + rho);
    }
    double[] b = new double[dim];
    for (int k = 0; k < dim; k++) {
      int off = k * dim;
      double c = coeff[k];
      for (int j = 0; j < dim; j++) {
        b[j] += q[off + j] * c;
      }
    }
    return b;
  }
}
