package io.sparkglm.core.solver;

import io.sparkglm.core.kernel.Order;

/**
 * A {@link DataTerm} seen through a {@link Reparametrization}: {@code D_c(c) = D(T c)}, with gradient and
 * Hessian mapped accordingly. Coordinates marked fixed get a zero gradient and an identity Hessian row and
 * column, so every solver leaves them where they start (at zero).
 */
public final class ScaledDataTerm implements DataTerm {
  private final DataTerm inner;
  private final Reparametrization map;
  private final boolean[] fixed;

  /**
   * @param fixed coordinates held at zero, length p+1; copied
   */
  public ScaledDataTerm(DataTerm inner, Reparametrization map, boolean[] fixed) {
    this.inner = inner;
    this.map = map;
    this.fixed = fixed.clone();
  }

  @Override
  public int dimension() {
    return inner.dimension();
  }

  @Override
  public Evaluation evaluate(double[] c, Order order) {
    Evaluation e = inner.evaluate(map.toOriginal(c), order);
    double[] g = e.gradient() == null ? null : map.gradientToScaled(e.gradient());
    double[] h = e.hessian() == null ? null : map.hessianToScaled(e.hessian());
    int d = dimension();
    for (int j = 0; j < d; j++) {
      if (!fixed[j]) {
        continue;
      }
      if (g != null) {
        g[j] = 0.0;
      }
      if (h != null) {
        for (int k = 0; k < d; k++) {
          h[j * d + k] = 0.0;
          h[k * d + j] = 0.0;
        }
        h[j * d + j] = 1.0;
      }
    }
    return new Evaluation(e.value(), g, h, e.order());
  }

  @Override
  public long passes() {
    return inner.passes();
  }

  @Override
  public void describe(String what) {
    inner.describe(what);
  }
}
