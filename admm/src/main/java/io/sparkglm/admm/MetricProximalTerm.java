package io.sparkglm.admm;

import io.sparkglm.core.kernel.Order;
import io.sparkglm.core.solver.DataTerm;
import io.sparkglm.core.solver.Evaluation;

/**
 * The objective of a local ADMM update in a metric {@code M} ({@link Metric}):
 * {@code D(b) + (rho/2) (b - v)' M (b - v)}; gradient {@code grad D(b) + rho M (b - v)}, Hessian
 * {@code H + rho M}. With the identity metric, {@link io.sparkglm.core.solver.ProximalDataTerm}.
 */
final class MetricProximalTerm implements DataTerm {
  private final DataTerm inner;
  private final double rho;
  private final double[] center;
  private final Metric metric;

  /**
   * @param rho {@code > 0}
   * @param center {@code v}; not copied, not modified
   */
  MetricProximalTerm(DataTerm inner, double rho, double[] center, Metric metric) {
    if (!(rho > 0) || Double.isInfinite(rho)) {
      throw new IllegalArgumentException("rho must be > 0 and finite, got " + rho);
    }
    this.inner = inner;
    this.rho = rho;
    this.center = center;
    this.metric = metric;
  }

  @Override
  public int dimension() {
    return inner.dimension();
  }

  @Override
  public Evaluation evaluate(double[] b, Order order) {
    Evaluation e = inner.evaluate(b, order);
    double[] d = new double[b.length];
    for (int j = 0; j < b.length; j++) {
      d[j] = b[j] - center[j];
    }
    double[] md = metric.apply(d);
    double sq = 0.0;
    for (int j = 0; j < b.length; j++) {
      sq += d[j] * md[j];
    }
    double[] g = e.gradient();
    if (g != null) {
      for (int j = 0; j < b.length; j++) {
        g[j] += rho * md[j];
      }
    }
    double[] h = e.hessian();
    if (h != null) {
      metric.addScaledInto(rho, h);
    }
    return new Evaluation(e.value() + 0.5 * rho * sq, g, h, e.order());
  }

  @Override
  public long passes() {
    return inner.passes();
  }
}
