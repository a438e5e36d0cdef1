package io.sparkglm.core.solver;

import io.sparkglm.core.kernel.Order;

/**
 * A data term plus a proximal (augmented-Lagrangian) term: {@code D(b) + rho/2 |b - v|^2}, the objective of
 * an ADMM local update (Boyd et al. 2011, "Distributed Optimization and Statistical Learning via the
 * Alternating Direction Method of Multipliers", section 7.1). Gradient {@code grad D(b) + rho (b - v)},
 * Hessian {@code H + rho I}. Coordinates whose Hessian row is the identity marker of a fixed coordinate are
 * treated like any other: with {@code v_j = 0} and a zero data gradient they stay at 0.
 */
public final class ProximalDataTerm implements DataTerm {
  private final DataTerm inner;
  private final double rho;
  private final double[] center;

  /**
   * @param rho {@code > 0}
   * @param center {@code v}, length {@code inner.dimension()}; not copied, not modified
   */
  public ProximalDataTerm(DataTerm inner, double rho, double[] center) {
    if (!(rho > 0) || Double.isInfinite(rho)) {
      throw new IllegalArgumentException("rho must be > 0 and finite, got " + rho);
    }
    this.inner = inner;
    this.rho = rho;
    this.center = center;
  }

  @Override
  public int dimension() {
    return inner.dimension();
  }

  @Override
  public Evaluation evaluate(double[] b, Order order) {
    Evaluation e = inner.evaluate(b, order);
    double sq = 0.0;
    for (int j = 0; j < b.length; j++) {
      double d = b[j] - center[j];
      sq += d * d;
    }
    double[] g = e.gradient();
    if (g != null) {
      for (int j = 0; j < b.length; j++) {
        g[j] += rho * (b[j] - center[j]);
      }
    }
    double[] h = e.hessian();
    if (h != null) {
      int d = b.length;
      for (int j = 0; j < d; j++) {
        h[j * d + j] += rho;
      }
    }
    return new Evaluation(e.value() + 0.5 * rho * sq, g, h, e.order());
  }

  @Override
  public long passes() {
    return inner.passes();
  }
}
