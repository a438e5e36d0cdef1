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
  private static final Object F2J_LOCK = new Object();

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
    for (int k = 0; k < q.length; k++) {
      if (!Double.isFinite(q[k])) {
        // Reference LAPACK loops forever in its scaling routine (dlascl) on non-finite input.
        throw new IllegalStateException("the local Hessian has a non-finite entry (" + q[k] + " at row " + k / dim
            + ", column " + k % dim + "): cannot factor it");
      }
    }
    intW info = new intW(0);
    LAPACK lapack = LAPACK.getInstance();
    if (lapack.getClass().getName().contains("F2j")) {
      // The pure-Java fallback (no native LAPACK) is not thread-safe: its machine constants are initialized
      // lazily in static fields, and two first calls from two executor threads can leave dlascl looping forever
      // (netlib-java issue 5). Executor threads share this JVM, so calls are serialized.
      synchronized (F2J_LOCK) {
        eigen(lapack, info);
      }
    } else {
      eigen(lapack, info);
    }
    if (info.val != 0) {
      throw new IllegalStateException("eigendecomposition of the local Hessian failed (LAPACK dsyev info="
          + info.val + ")");
    }
    for (int j = 0; j < dim; j++) {
      lambda[j] = Math.max(0.0, lambda[j]);
    }
  }

  /** {@code q <- eigenvectors, lambda <- eigenvalues} (LAPACK {@code dsyev}, workspace query first). */
  private void eigen(LAPACK lapack, intW info) {
    double[] query = new double[1];
    lapack.dsyev("V", "U", dim, q, dim, lambda, query, -1, info);
    double[] work = new double[Math.max(1, (int) query[0])];
    lapack.dsyev("V", "U", dim, q, dim, lambda, work, work.length, info);
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
